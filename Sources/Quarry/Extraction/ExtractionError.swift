import QuarrySchema

/// Why an extraction produced no valid value. Every case says what happened in a sentence
/// (``description``) and carries the attempts made.
public enum ExtractionError: Error, Sendable, CustomStringConvertible {
    /// Every attempt's reply failed validation (or was not JSON); the last errors are attached.
    case invalidAfterAttempts(errors: [ValidationError], attempts: [Attempt])
    /// The token budget ran out before a valid reply.
    case budgetExhausted(errors: [ValidationError], attempts: [Attempt])
    /// The model refused, with its sentence. Never retried.
    case refused(String, attempts: [Attempt])
    /// A provider content filter cut the reply.
    case contentFiltered(attempts: [Attempt])
    /// The provider blocked the prompt.
    case promptBlocked(reason: String, attempts: [Attempt])
    /// The reply hit the output-token limit even after the larger-limit retry.
    case truncated(attempts: [Attempt])
    /// The provider asked to wait longer than ``BackoffPolicy/maximumHint``, or retries ran out
    /// on rate limits.
    case rateLimited(retryAfter: Duration?, message: String, attempts: [Attempt])
    /// The quota is exhausted; retrying cannot help.
    case quotaExhausted(message: String, attempts: [Attempt])
    /// A request error (400, 401, 403, 404, 422, ...) with the provider's message.
    case requestRejected(status: Int, message: String, attempts: [Attempt])
    /// Transport faults outlasted the retries.
    case transportFailed(String, attempts: [Attempt])
    /// The overall deadline passed.
    case deadlineExceeded(Duration, attempts: [Attempt])
    /// The task was cancelled.
    case cancelled(attempts: [Attempt])
    /// The valid JSON did not decode into the Swift type (a mismatch between type and schema).
    case decodingFailed(String, attempts: [Attempt])

    /// The attempts made before the failure.
    public var attempts: [Attempt] {
        switch self {
        case .invalidAfterAttempts(_, let attempts), .budgetExhausted(_, let attempts), .refused(_, let attempts),
            .contentFiltered(let attempts), .promptBlocked(_, let attempts), .truncated(let attempts),
            .rateLimited(_, _, let attempts), .quotaExhausted(_, let attempts), .requestRejected(_, _, let attempts),
            .transportFailed(_, let attempts), .deadlineExceeded(_, let attempts), .cancelled(let attempts),
            .decodingFailed(_, let attempts):
            return attempts
        }
    }

    /// A sentence describing the failure.
    public var description: String {
        switch self {
        case .invalidAfterAttempts(let errors, let attempts):
            return "no valid reply after \(attempts.count) attempts; last errors: "
                + errors.prefix(5).map(\.description).joined(separator: "; ")
        case .budgetExhausted(let errors, _):
            return "the token budget ran out before a valid reply; last errors: "
                + errors.prefix(5).map(\.description).joined(separator: "; ")
        case .refused(let sentence, _): return "the model refused: \(sentence)"
        case .contentFiltered: return "the provider's content filter stopped the reply"
        case .promptBlocked(let reason, _): return "the provider blocked the prompt (\(reason))"
        case .truncated:
            return "the reply was cut off at the output-token limit, also after a retry with a larger limit"
        case .rateLimited(let retryAfter, let message, _):
            return "rate limited\(retryAfter.map { "; the provider asked to wait \($0.seconds) s" } ?? ""): \(message)"
        case .quotaExhausted(let message, _): return "the quota is exhausted: \(message)"
        case .requestRejected(let status, let message, _):
            return "the provider rejected the request (HTTP \(status)): \(message)"
        case .transportFailed(let detail, _): return "the provider could not be reached: \(detail)"
        case .deadlineExceeded(let deadline, _): return "the extraction did not finish within \(deadline.seconds) s"
        case .cancelled: return "the extraction was cancelled"
        case .decodingFailed(let detail, _): return "the valid reply did not decode into the Swift type: \(detail)"
        }
    }
}
