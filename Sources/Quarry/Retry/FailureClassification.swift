/// Every way an attempt can go wrong, and the one table that says what Quarry does about it.
///
/// | Outcome | Decision |
/// |---|---|
/// | timeout, connection refused/reset/lost, unreachable | retry the same request |
/// | cancelled, no recording in a replay cassette | fail |
/// | HTTP 408, 409, 429, 5xx, 529 | retry the same request (honouring hints) |
/// | `x-should-retry: true` / `false` | overrides the status |
/// | quota exhausted | fail |
/// | HTTP 400, 401, 403, 404, 422 and other 4xx | fail |
/// | refusal, content filter, blocked prompt | fail |
/// | truncated output | retry once with a larger output limit, then fail |
/// | malformed response body | retry the same request |
/// | reply is not JSON, or not valid against the schema | correct (corrective prompt) |
public enum FailureKind: Sendable, Hashable {
    /// A transport failure.
    case transport(TransportError)
    /// An HTTP error status.
    case httpStatus(Int, shouldRetry: Bool?)
    /// The quota is used up.
    case quotaExhausted
    /// The model refused.
    case refusal
    /// A content filter cut the reply.
    case contentFilter
    /// The provider blocked the prompt.
    case blockedPrompt
    /// The reply hit the output-token limit.
    case truncated
    /// A success status with an unreadable body.
    case malformedBody
    /// The reply is not JSON.
    case invalidJSON
    /// The reply is JSON but fails the schema.
    case schemaInvalid

    /// The kind of a provider failure.
    public init(_ failure: ProviderFailure) {
        switch failure {
        case .transport(let error): self = .transport(error)
        case .http(let http):
            self = http.quotaExhausted ? .quotaExhausted : .httpStatus(http.status, shouldRetry: http.shouldRetry)
        case .blockedPrompt: self = .blockedPrompt
        case .malformedBody: self = .malformedBody
        }
    }
}

/// What to do after a failed attempt.
public enum RetryDecision: Sendable, Hashable {
    /// Send the same request again after a backoff.
    case retry
    /// Send the request again with a larger output-token limit (once).
    case retryWithLargerOutputLimit
    /// Send a corrective prompt with the validation errors.
    case correct
    /// Stop with a typed error.
    case fail
}

extension FailureKind {
    /// The decision for this kind of failure: the single classification table.
    public var decision: RetryDecision {
        switch self {
        case .transport(.cancelled), .transport(.noRecording): return .fail
        case .transport: return .retry
        case .httpStatus(_, shouldRetry: true?): return .retry
        case .httpStatus(_, shouldRetry: false?): return .fail
        case .httpStatus(let status, shouldRetry: nil):
            switch status {
            case 408, 409, 429, 500...599: return .retry
            default: return status >= 600 ? .retry : .fail
            }
        case .quotaExhausted, .refusal, .contentFilter, .blockedPrompt: return .fail
        case .truncated: return .retryWithLargerOutputLimit
        case .malformedBody: return .retry
        case .invalidJSON, .schemaInvalid: return .correct
        }
    }
}
