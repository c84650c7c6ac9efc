/// Why the model stopped writing.
public enum FinishReason: Sendable, Hashable, Codable {
    /// It finished normally.
    case stop
    /// It hit the output-token limit: the reply is truncated.
    case length
    /// A provider content filter cut the reply.
    case contentFilter
    /// It called the forced tool (the arguments are the reply).
    case toolCall
    /// It refused (the reply's refusal text says why).
    case refusal
    /// Quarry stopped the streamed reply because it was repeating itself (see
    /// ``RepetitionDetector``): the reply is cut off, like ``length``, but early.
    case repetition
    /// Something else, as the provider named it.
    case other(String)
}
