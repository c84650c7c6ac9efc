import QuarrySchema

/// How a request is adapted to what the provider's constrained decoder actually enforces.
///
/// Grammar-based decoders (llama.cpp's server, Ollama, other OpenAI-compatible local servers)
/// enforce types, `required`, `enum` and sizes, but ignore `multipleOf`, `uniqueItems`,
/// `format`, number bounds and unanchored patterns, and an array without `maxItems` lets a small
/// model repeat one item until the output limit. Shaping sends such a decoder a schema with a
/// cap on every unbounded array, describes the constraints it ignores in the prompt, and can add
/// sampling settings that curb repetition. Validation always uses the original schema.
public enum RequestShaping: Sendable, Hashable {
    /// ``GrammarShaping/standard`` for grammar-decoding providers (`openai-compatible`,
    /// `local`, `ollama`), nothing for the others (the default).
    case automatic
    /// Send the schema as it is.
    case off
    /// Shape every request this way, whatever the provider.
    case grammar(GrammarShaping)

    /// The shaping to apply for a provider, if any.
    func resolved(forProvider name: String) -> GrammarShaping? {
        switch self {
        case .automatic:
            return ["openai-compatible", "local", "ollama"].contains(name) ? .standard : nil
        case .off: return nil
        case .grammar(let shaping): return shaping
        }
    }
}

/// The settings of ``RequestShaping/grammar(_:)``.
public struct GrammarShaping: Sendable, Hashable {
    /// The `maxItems` given to arrays that have none (raised to `minItems` where that is
    /// larger; lowered to the number of allowed values for `uniqueItems` arrays of an `enum`).
    public var arrayCap: Int
    /// Whether constraints the decoder ignores are described in the system prompt.
    public var describesIgnoredConstraints: Bool
    /// Sampling settings added to each request (a caller's own settings win). Empty by
    /// default: ``repetitionPenalties`` also penalise copying values from the input, which
    /// extraction needs (measured on SmolLM2: the receipt's merchant and date went wrong), and
    /// the array caps already end loops.
    public var samplingOptions: [String: JSONValue]

    /// Creates settings.
    public init(
        arrayCap: Int = 16, describesIgnoredConstraints: Bool = true,
        samplingOptions: [String: JSONValue] = [:]
    ) {
        self.arrayCap = arrayCap
        self.describesIgnoredConstraints = describesIgnoredConstraints
        self.samplingOptions = samplingOptions
    }

    /// `repeat_penalty` (llama.cpp, Ollama) and `frequency_penalty` (OpenAI-compatible), mild
    /// enough to leave JSON structure alone.
    public static let repetitionPenalties: [String: JSONValue] = [
        "repeat_penalty": 1.1, "frequency_penalty": 0.2,
    ]

    /// Caps of 16 items, constraints described, no extra sampling settings.
    public static let standard = GrammarShaping()
}
