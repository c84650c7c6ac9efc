import QuarrySchema

/// The limits and choices of one extraction: how many attempts, how much to spend, how long
/// to take, and how to ask.
public struct ExtractionPolicy: Sendable, Hashable {
    /// The most model calls that produce a reply (first try plus corrections). Default 3.
    public var maximumAttempts: Int
    /// The most tokens (input + output, over all attempts) to spend; `nil` for no limit. A
    /// correction that would start over budget is not sent.
    public var tokenBudget: Int?
    /// Retries of transport faults (timeouts, 429, 5xx): counted apart from attempts.
    public var backoff: BackoffPolicy
    /// The longest the whole extraction may take, retries and corrections included; `nil` for
    /// no deadline.
    public var deadline: Duration?
    /// How the schema reaches the model; `nil` picks ``RequestMode/constrained`` where the
    /// provider supports it and ``RequestMode/promptOnly`` elsewhere.
    public var mode: RequestMode?
    /// The output-token limit of a request.
    public var maximumOutputTokens: Int
    /// How much a truncated reply's limit grows for its single retry.
    public var truncationGrowthFactor: Int
    /// Sampling temperature.
    public var temperature: Double
    /// Extra sampling settings passed to providers that take them.
    public var samplingOptions: [String: JSONValue]
    /// Whether the schema text is put in the system prompt in constrained mode too (it always
    /// is in prompt-only mode).
    public var includesSchemaInConstrainedPrompt: Bool
    /// How requests are adapted to what the provider's decoder enforces (array caps, prompt
    /// notes, any sampling settings you add); ``RequestShaping/automatic`` shapes for local
    /// grammar decoders only.
    public var shaping: RequestShaping
    /// What happens to a reply cut off at the output limit: ``TruncationHandling/automatic``
    /// recovers it (``TruncatedReplyRecovery``) for shaped requests and retries once with a
    /// larger limit for the others.
    public var truncation: TruncationHandling
    /// How corrections are worded: ``CorrectionStyle/automatic`` is concise for shaped
    /// requests (small local models) and detailed for the others.
    public var correctionStyle: CorrectionStyle
    /// Whether a correction asks only for the failing part of the reply and merges the answer
    /// back; ``PartialReasking/off`` by default.
    public var partialReasking: PartialReasking
    /// Whether a cut-off reply that lacks only what the decoder enforces is followed by the
    /// first request again, with its loop capped, instead of a correction;
    /// ``CutOffRestarting/off`` by default.
    public var cutOffRestarting: CutOffRestarting
    /// Whether a reply stopped in a loop is continued from where the loop began, under a
    /// grammar for the rest of the document, instead of corrected (``CutOffContinuation``):
    /// ``CutOffContinuation/automatic`` continues requests that carry a compiled grammar.
    public var cutOffContinuation: CutOffContinuation
    /// Whether a streamed reply that starts repeating itself is stopped early:
    /// ``LoopStopping/automatic`` stops loops of shaped requests (local grammar decoders).
    public var loopStopping: LoopStopping
    /// Whether constrained requests carry a GBNF grammar Quarry compiles from the sent schema:
    /// ``GrammarCompilation/automatic`` compiles one for the `local` provider (llama.cpp's
    /// server) only.
    public var grammarCompilation: GrammarCompilation

    /// Creates a policy.
    public init(
        maximumAttempts: Int = 3, tokenBudget: Int? = nil, backoff: BackoffPolicy = BackoffPolicy(),
        deadline: Duration? = .seconds(120), mode: RequestMode? = nil, maximumOutputTokens: Int = 2_048,
        truncationGrowthFactor: Int = 2, temperature: Double = 0, samplingOptions: [String: JSONValue] = [:],
        includesSchemaInConstrainedPrompt: Bool = false, shaping: RequestShaping = .automatic,
        truncation: TruncationHandling = .automatic, correctionStyle: CorrectionStyle = .automatic,
        partialReasking: PartialReasking = .off, loopStopping: LoopStopping = .automatic,
        grammarCompilation: GrammarCompilation = .automatic, cutOffRestarting: CutOffRestarting = .off,
        cutOffContinuation: CutOffContinuation = .automatic
    ) {
        self.cutOffRestarting = cutOffRestarting
        self.cutOffContinuation = cutOffContinuation
        self.grammarCompilation = grammarCompilation
        self.loopStopping = loopStopping
        self.partialReasking = partialReasking
        self.shaping = shaping
        self.truncation = truncation
        self.correctionStyle = correctionStyle
        self.maximumAttempts = maximumAttempts
        self.tokenBudget = tokenBudget
        self.backoff = backoff
        self.deadline = deadline
        self.mode = mode
        self.maximumOutputTokens = maximumOutputTokens
        self.truncationGrowthFactor = truncationGrowthFactor
        self.temperature = temperature
        self.samplingOptions = samplingOptions
        self.includesSchemaInConstrainedPrompt = includesSchemaInConstrainedPrompt
    }
}
