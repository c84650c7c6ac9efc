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
                if gate.open() { continuation.resume(returning: outcome) }
            }
            Task {
                try? await Task.sleep(for: max(timeLeft, .zero))
                if gate.open() {
                    call.cancel()
                    continuation.resume(returning: .deadline)
                }
            }
        }
    }

    /// Lets exactly one of the racers resume the continuation.
    final class Gate: @unchecked Sendable {
        private let lock = NSLock()
        private var isOpen = true

        func open() -> Bool {
            lock.withLock {
                defer { isOpen = false }
                return isOpen
            }
        }
    }
}
