import Foundation

/// Runs a provider call against the time left before the extraction's deadline.
///
/// The call runs in its own task; when time runs out first, the call is cancelled and the race
/// returns at once, without waiting for a transport that ignores cancellation (a server that
/// never sends headers, for example).
enum DeadlineRace {
    enum Outcome: Sendable {
        case reply(ProviderReply)
        case failure(ProviderFailure)
        case deadline
    }

    static func run(
        _ request: ExtractionRequest, on provider: any Provider, timeLeft: Duration?
    ) async -> Outcome {
        guard let timeLeft else {
            // No deadline: call directly, without the racing tasks.
            do throws(ProviderFailure) {
                return .reply(try await provider.complete(request))
            } catch {
                return .failure(error)
            }
        }
        let gate = Gate()
        return await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
            let call = Task {
                let outcome: Outcome
                do throws(ProviderFailure) {
                    outcome = .reply(try await provider.complete(request))
                } catch {
                    outcome = .failure(error)
                }
                if gate.open() {
                    gate.cancelTimer()
                    continuation.resume(returning: outcome)
                }
            }
            gate.setTimer(
                Task {
                    try? await Task.sleep(for: max(timeLeft, .zero))
                    if gate.open() {
                        call.cancel()
                        continuation.resume(returning: .deadline)
                    }
                })
        }
    }

    /// Lets exactly one of the racers resume the continuation, and stops the timer when the
    /// call wins (so no sleeping task outlives its extraction).
    final class Gate: @unchecked Sendable {
        private let lock = NSLock()
        private var isOpen = true
        private var timer: Task<Void, Never>?
        private var timerCancelled = false

        func setTimer(_ task: Task<Void, Never>) {
            let cancelNow: Bool = lock.withLock {
                timer = task
                return timerCancelled
            }
            if cancelNow { task.cancel() }
        }

        func cancelTimer() {
            let task: Task<Void, Never>? = lock.withLock {
                timerCancelled = true
                return timer
            }
            task?.cancel()
        }

        func open() -> Bool {
            lock.withLock {
                defer { isOpen = false }
                return isOpen
            }
        }
    }
}
