import QuarrySchema

/// A provider's answer to one request, in a provider-neutral shape.
public struct ProviderReply: Sendable, Hashable {
    /// The reply text (the JSON, in structured modes), if any.
    public var text: String?
    /// Tool-call arguments as a JSON value, when the provider returns an object rather than
    /// text (Anthropic's forced tool).
    public var toolArguments: JSONValue?
    /// Why the model stopped.
    public var finishReason: FinishReason
    /// The model's refusal sentence, when it refused.
    public var refusal: String?
    /// Tokens used.
    public var usage: TokenUsage
    /// The model that answered, as the provider reported it.
    public var model: String?
    /// The HTTP status.
    public var httpStatus: Int
    /// Response headers (lower-cased names), secrets removed.
    public var headers: [String: String]
    /// The loop that made Quarry stop a streamed reply (``FinishReason/repetition``).
    public var repetition: RepetitionDetector.Loop?

    /// Creates a reply.
    public init(
        text: String?, toolArguments: JSONValue? = nil, finishReason: FinishReason, refusal: String? = nil,
        usage: TokenUsage = .zero, model: String? = nil, httpStatus: Int = 200, headers: [String: String] = [:]
    ) {
        self.text = text
        self.toolArguments = toolArguments
        self.finishReason = finishReason
        self.refusal = refusal
        self.usage = usage
        self.model = model
        self.httpStatus = httpStatus
        self.headers = headers
    }

    /// The reply's JSON text: the text, or the tool arguments serialized.
    public var payload: String? {
        if let text { return text }
        return toolArguments?.serialized()
    }
}
