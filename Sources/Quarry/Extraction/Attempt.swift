import QuarrySchema

/// One model call of an extraction, as recorded in the result and given to observers.
///
/// Records never hold API keys or `Authorization` headers.
public struct Attempt: Sendable, Hashable {
    /// The attempt's number, from 1 (transport retries of the same request share it).
    public var number: Int
    /// The provider's name.
    public var provider: String
    /// The model asked for.
    public var model: String
    /// The request mode.
    public var mode: RequestMode
    /// How many messages the request carried.
    public var messageCount: Int
    /// The output-token limit of the request.
    public var maximumOutputTokens: Int
    /// Whether this request was a correction of a previous reply.
    public var isCorrection: Bool
    /// The reply text as received (or the tool arguments serialized), when there was a reply.
    public var rawReply: String?
    /// The repairs lenient parsing made.
    public var repairs: [Repair]
    /// The validation errors found in the reply (empty when it was valid).
    public var errors: [ValidationError]
    /// The failure, when the call or its reply failed.
    public var failure: String?
    /// Tokens used by this call.
    public var usage: TokenUsage
    /// Wall time of the call.
    public var latency: Duration
    /// The HTTP status, when there was a response.
    public var httpStatus: Int?
    /// Why the model stopped.
    public var finishReason: FinishReason?
    /// How the request was adapted to the provider's decoder (see ``RequestShaping``): array
    /// caps added to the sent schema, sampling settings added. Empty when not shaped.
    public var requestAdjustments: [String] = []
    /// Whether the reply was valid against the schema.
    public var isValid: Bool { failure == nil && errors.isEmpty && rawReply != nil }

    /// Creates a record.
    public init(
        number: Int, provider: String, model: String, mode: RequestMode, messageCount: Int, maximumOutputTokens: Int,
        isCorrection: Bool, rawReply: String? = nil, repairs: [Repair] = [], errors: [ValidationError] = [],
        failure: String? = nil, usage: TokenUsage = .zero, latency: Duration = .zero, httpStatus: Int? = nil,
        finishReason: FinishReason? = nil
    ) {
        self.number = number
        self.provider = provider
        self.model = model
        self.mode = mode
        self.messageCount = messageCount
        self.maximumOutputTokens = maximumOutputTokens
        self.isCorrection = isCorrection
        self.rawReply = rawReply
        self.repairs = repairs
        self.errors = errors
        self.failure = failure
        self.usage = usage
        self.latency = latency
        self.httpStatus = httpStatus
        self.finishReason = finishReason
    }
}
