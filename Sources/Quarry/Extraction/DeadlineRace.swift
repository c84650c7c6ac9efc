import Foundation

/// Runs a provider call against the time left before the extraction's deadline.
///
/// The call runs in a task of its own so that the race can return at the deadline without
/// waiting for a transport that ignores cancellation (a server that never sends headers, for
/// example): the caller waits on a continuation that the call's end or the deadline resumes,
/// whichever comes first. The deadline is one registration with the process-wide
/// ``DeadlineScheduler`` — no timer task sleeps per call — and it is removed the moment the call
/// ends, so nothing outlives the race. When the deadline wins, the call is cancelled; when the
/// caller is cancelled, so is the call (cooperatively: the race then ends with whatever the call
/// returns, or at the deadline).
///
/// The call's task starts immediately on the caller's thread and runs until it first suspends;
/// a call that completes without suspending (a replayed or scripted reply) never leaves the
/// caller's thread and never registers a deadline. Transports must suspend while they wait for
/// the network, never block their thread, as every transport in this module does.
enum DeadlineRace {
    enum Outcome: Sendable {
        case reply(ProviderReply)
        case failure(ProviderFailure)
        case deadline
    }

    static func run(
        _ request: ExtractionRequest, on provider: any Provider, timeLeft: Duration?,
        scheduler: DeadlineScheduler = .shared
    ) async -> Outcome {
        guard let timeLeft else {
            // No deadline: call directly, without a race.
            do throws(ProviderFailure) {
                return .reply(try await provider.complete(request))
            } catch {
                return .failure(error)
            }
        }
        let race = Race(scheduler: scheduler)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
                guard race.begin(continuation) else { return }
                race.attach(startCall { race.finish(await call(request, on: provider)) })
                race.armDeadline(after: timeLeft)
            }
        } onCancel: {
            race.cancel()
        }
    }

    private static func call(_ request: ExtractionRequest, on provider: any Provider) async -> Outcome {
        do throws(ProviderFailure) {
            return .reply(try await provider.complete(request))
        } catch {
            return .failure(error)
        }
    }

    /// Starts `operation` in a new task, synchronously up to its first suspension where the
    /// runtime allows it.
    private static func startCall(_ operation: sending @escaping () async -> Void) -> Task<Void, Never> {
        if #available(macOS 26.0, iOS 26.0, watchOS 26.0, tvOS 26.0, visionOS 26.0, *) {
            return Task.immediate(operation: operation)
        }
        return Task(operation: operation)
    }

    /// One race: resumes its continuation exactly once, with the call's outcome or `.deadline`,
    /// and then cancels whatever is left (the deadline registration, or the call).
    final class Race: DeadlineTarget, @unchecked Sendable {
        private let scheduler: DeadlineScheduler
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Outcome, Never>?
        private var isFinished = false
        private var isCancelled = false
        private var call: Task<Void, Never>?
        private var registration: DeadlineScheduler.Registration?

        init(scheduler: DeadlineScheduler) {
            self.scheduler = scheduler
        }

        /// Stores the continuation; when the caller was cancelled before the race began, ends
        /// it at once with a cancelled transport (the call is not made) and returns `false`.
        func begin(_ continuation: CheckedContinuation<Outcome, Never>) -> Bool {
            let cancelled: Bool = lock.withLock {
                self.continuation = continuation
                return isCancelled
            }
            if cancelled { finish(.failure(.transport(.cancelled))) }
            return !cancelled
        }

        /// Keeps the call's task for cancelling, unless the race is already over.
        func attach(_ task: Task<Void, Never>) {
            let cancelNow: Bool = lock.withLock {
                guard !isFinished else { return false }
                call = task
                return isCancelled
            }
            if cancelNow { task.cancel() }
        }

        /// Registers the deadline, unless the call already ended.
        func armDeadline(after timeLeft: Duration) {
            lock.withLock {
                guard !isFinished else { return }
                registration = scheduler.schedule(after: timeLeft, self)
            }
        }

        /// Ends the race with `outcome` if it is still running.
        func finish(_ outcome: Outcome) {
            let ended: (CheckedContinuation<Outcome, Never>?, DeadlineScheduler.Registration?, Task<Void, Never>?)? =
                lock.withLock {
                    guard !isFinished else { return nil }
                    isFinished = true
                    defer {
                        continuation = nil
                        registration = nil
                        call = nil
                    }
                    return (continuation, registration, call)
                }
            guard let (continuation, registration, call) = ended else { return }
            if let registration { scheduler.cancel(registration) }
            if case .deadline = outcome { call?.cancel() }
            continuation?.resume(returning: outcome)
        }

        func deadlinePassed() { finish(.deadline) }

        /// Passes the caller's cancellation on to the call.
        func cancel() {
            let task: Task<Void, Never>? = lock.withLock {
                isCancelled = true
                return call
            }
            task?.cancel()
        }
    }
}
