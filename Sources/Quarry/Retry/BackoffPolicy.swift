/// How long to wait before retrying a transport fault.
///
/// Server hints come first (`retry-after-ms`, `retry-after`, Gemini's `RetryInfo`); without one
/// the wait is exponential with full jitter: a random duration in
/// `[0, min(maximumDelay, initialDelay × 2^retry)]`. A hint longer than ``maximumHint`` is not
/// waited out: the extraction fails with ``ExtractionError/rateLimited(retryAfter:message:attempts:)``.
public struct BackoffPolicy: Sendable, Hashable {
    /// How many times a failing request is retried (not counting the first try).
    public var maximumRetries: Int
    /// The base of the exponential backoff.
    public var initialDelay: Duration
    /// The cap of the exponential backoff.
    public var maximumDelay: Duration
    /// The longest server hint that is waited out.
    public var maximumHint: Duration

    /// The defaults of the official SDKs: 2 retries, 0.5 s doubling to 8 s, hints up to 60 s.
    public init(
        maximumRetries: Int = 2, initialDelay: Duration = .milliseconds(500), maximumDelay: Duration = .seconds(8),
        maximumHint: Duration = .seconds(60)
    ) {
        self.maximumRetries = maximumRetries
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.maximumHint = maximumHint
    }

    /// The delay before retry number `retry` (0 for the first retry); `unit` is a random number
    /// in `[0, 1)` for the jitter.
    public func delay(forRetry retry: Int, hint: Duration?, unit: Double) -> Duration {
        if let hint { return max(hint, .zero) }
        let exponent = min(retry, 30)
        let ceiling = min(initialDelay * Double(1 << exponent), maximumDelay)
        return ceiling * min(max(unit, 0), 1)
    }
}
