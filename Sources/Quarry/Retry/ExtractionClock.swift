import Foundation

/// The time source of the retry loop, injectable so tests never sleep.
public protocol ExtractionClock: Sendable {
    /// The current time.
    var now: Date { get }
    /// Waits for `duration` (throws when the task is cancelled).
    func sleep(for duration: Duration) async throws
}

/// Real time.
public struct SystemClock: ExtractionClock {
    /// Creates the system clock.
    public init() {}

    /// The current time.
    public var now: Date { Date() }

    /// Sleeps on the continuous clock.
    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}

/// A clock for tests: sleeping returns at once and moves ``now`` forward, and every sleep is
/// recorded.
public final class ImmediateClock: ExtractionClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    private var recorded: [Duration] = []

    /// Creates a clock starting at `start`.
    public init(start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = start
    }

    /// The clock's time.
    public var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// The durations slept so far, in order.
    public var sleeps: [Duration] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    /// Records the sleep and advances the time.
    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        lock.withLock {
            recorded.append(duration)
            current = current.addingTimeInterval(duration.seconds)
        }
    }

    /// Moves the time forward without a sleep.
    public func advance(by duration: Duration) {
        lock.lock()
        current = current.addingTimeInterval(duration.seconds)
        lock.unlock()
    }
}

extension Duration {
    /// The duration in seconds as a `Double`.
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
