import QuarrySchema

/// One request to a provider: the conversation, the schema and the sampling settings.
///
/// The runtime builds it; providers translate it to their wire format.
public struct ExtractionRequest: Sendable, Hashable {
    /// The conversation, system message first.
    public var messages: [ChatMessage]
    /// A short identifier for the schema (`invoice`), used as the tool or format name.
    public var schemaName: String
    /// The schema sent to the provider (possibly transformed for its structured-output mode;
    /// validation always uses the original).
    public var schema: JSONValue
    /// Whether to use the provider's structured output or the prompt alone.
    public var mode: RequestMode
    /// The most tokens the reply may use.
    public var maxOutputTokens: Int
    /// Sampling temperature; 0 for the most repeatable extraction.
    public var temperature: Double
    /// Extra sampling settings (`frequency_penalty`, `repeat_penalty`, ...) passed through to
    /// providers that support them.
    public var samplingOptions: [String: JSONValue]
    /// When set, a provider that can stream (``Provider/streamsReplies``) streams the reply
    /// through this detector and stops it as soon as it repeats itself; the reply then ends
    /// with ``FinishReason/repetition``. `nil` (the default) asks for a plain reply.
    public var loopDetector: RepetitionDetector?
    /// A GBNF grammar compiled from ``schema`` (see ``ExtractionPolicy/grammarCompilation``).
    /// Servers that take a `grammar` field (llama.cpp's) get it instead of the schema in
    /// constrained mode; other providers ignore it. `nil` (the default) sends the schema.
    public var grammar: String?

    /// Creates a request.
    public init(
        messages: [ChatMessage], schemaName: String, schema: JSONValue, mode: RequestMode = .constrained,
        maxOutputTokens: Int = 2_048, temperature: Double = 0, samplingOptions: [String: JSONValue] = [:],
        loopDetector: RepetitionDetector? = nil, grammar: String? = nil
    ) {
        self.loopDetector = loopDetector
        self.grammar = grammar
        self.messages = messages
        self.schemaName = schemaName
        self.schema = schema
        self.mode = mode
        self.maxOutputTokens = maxOutputTokens
        self.temperature = temperature
        self.samplingOptions = samplingOptions
    }

    /// The system message's text, if any.
    public var systemPrompt: String? {
        messages.first { $0.role == .system }?.content
    }

    /// The messages other than the system message.
    public var conversation: [ChatMessage] {
        messages.filter { $0.role != .system }
    }
}
