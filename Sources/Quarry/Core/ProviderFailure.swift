/// A provider call that produced no usable reply, with what the retry logic needs to decide.
public enum ProviderFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// No HTTP response at all.
    case transport(TransportError)
    /// An HTTP error status with the provider's error body.
    case http(HTTPFailure)
    /// The provider blocked the prompt itself (Gemini's `promptFeedback.blockReason`).
    case blockedPrompt(reason: String)
    /// A success status whose body is not the provider's reply shape.
    case malformedBody(String)

    /// A sentence describing the failure.
    public var description: String {
        switch self {
        case .transport(let error): return error.description
        case .http(let failure): return failure.description
        case .blockedPrompt(let reason): return "the provider blocked the prompt (\(reason))"
        case .malformedBody(let detail): return "the provider's reply could not be read: \(detail)"
        }
    }
}

/// An HTTP error from a provider.
public struct HTTPFailure: Sendable, Hashable, CustomStringConvertible {
    /// The status code.
    public var status: Int
    /// The provider's error type or code (`rate_limit_error`, `RESOURCE_EXHAUSTED`, ...).
    public var errorType: String?
    /// The provider's message.
    public var message: String
    /// How long the provider asked to wait (`retry-after-ms`, `retry-after`, Gemini's
    /// `RetryInfo`), when it said.
    public var retryAfter: Duration?
    /// The `x-should-retry` header, when present: it overrides the status.
    public var shouldRetry: Bool?
    /// Whether the failure is an exhausted quota (OpenAI `insufficient_quota`, a Gemini per-day
    /// quota), which retrying cannot fix.
    public var quotaExhausted: Bool

    /// Creates a failure.
    public init(
        status: Int, errorType: String? = nil, message: String, retryAfter: Duration? = nil, shouldRetry: Bool? = nil,
        quotaExhausted: Bool = false
    ) {
        self.status = status
        self.errorType = errorType
        self.message = message
        self.retryAfter = retryAfter
        self.shouldRetry = shouldRetry
        self.quotaExhausted = quotaExhausted
    }

    /// `HTTP 429 (rate_limit_error): message`.
    public var description: String {
        "HTTP \(status)\(errorType.map { " (\($0))" } ?? ""): \(message)"
    }
}
