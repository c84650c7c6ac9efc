/// A provider's structured-output mode, as far as the build-time lint needs to know it: which
/// schema keywords it rejects or does not enforce, and its size limits.
public enum ProviderProfile: String, Sendable, CaseIterable {
    /// OpenAI strict `json_schema` (Chat Completions and Responses).
    case openAI = "openai"
    /// Anthropic native structured output (`output_config.format`).
    case anthropic
    /// Gemini `responseJsonSchema`.
    case gemini
    /// Ollama `format` (a grammar, like llama.cpp).
    case ollama
    /// llama.cpp's server `response_format: json_schema` (grammar-constrained decoding).
    case llamaCpp = "llama.cpp"

    /// The profile for a command-line name (`openai`, `anthropic`, `gemini`, `ollama`, `llama.cpp`).
    public init?(named name: String) {
        self.init(rawValue: name.lowercased())
    }

    /// Keywords the provider rejects outright: a request with them fails, so Quarry leaves them out
    /// of the schema it sends and checks them only locally.
    var rejectedKeywords: Set<String> {
        switch self {
        case .openAI:
            return [
                "patternProperties", "unevaluatedProperties", "unevaluatedItems", "if", "then", "else", "not",
                "dependentRequired", "dependentSchemas", "propertyNames", "contains", "minProperties",
                "maxProperties",
            ]
        case .anthropic, .gemini:
            return [
                "patternProperties", "unevaluatedProperties", "unevaluatedItems", "if", "then", "else", "not",
                "dependentRequired", "dependentSchemas",
            ]
        case .ollama, .llamaCpp:
            return []
        }
    }

    /// Keywords the provider accepts but does not enforce while decoding: replies may break them,
    /// and Quarry's corrective loop has to fix them.
    var unenforcedKeywords: Set<String> {
        switch self {
        case .openAI: return ["format", "uniqueItems", "multipleOf"]
        case .anthropic:
            return [
                "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength",
                "maxItems", "uniqueItems", "pattern", "format",
            ]
        case .gemini: return ["multipleOf", "uniqueItems", "pattern", "format"]
        case .ollama, .llamaCpp: return ["multipleOf", "uniqueItems", "format"]
        }
    }

    /// The `format` values the decoder does enforce although ``unenforcedKeywords`` lists
    /// `format`: llama.cpp's schema-to-grammar converter (which Ollama uses too) writes grammar
    /// rules for dates, times and UUIDs, and none for the other formats.
    var enforcedFormats: Set<String> {
        switch self {
        case .ollama, .llamaCpp: return ["date", "time", "date-time", "uuid"]
        case .openAI, .anthropic, .gemini: return []
        }
    }

    /// Whether the decoder enforces number bounds (`minimum`, `maximum` and the exclusive
    /// forms) on `"type": "number"` as well as on integers. llama.cpp's grammar bounds integers
    /// digit by digit but has no rule for a fraction's range.
    var enforcesNumberBounds: Bool { !(self == .ollama || self == .llamaCpp) }

    /// Whether the decoder enforces a `pattern` not anchored with `^` and `$`. llama.cpp's
    /// converter compiles only anchored patterns and leaves the others out of the grammar.
    var enforcesUnanchoredPatterns: Bool { !(self == .ollama || self == .llamaCpp) }

    /// The deepest object nesting the provider accepts, if it documents one.
    var maximumDepth: Int? { self == .openAI ? 10 : nil }
    /// The most properties in the whole schema, if documented.
    var maximumProperties: Int? { self == .openAI ? 5_000 : nil }
    /// The most `enum` values in the whole schema, if documented.
    var maximumEnumValues: Int? { self == .openAI ? 1_000 : nil }
    /// Whether every object must be closed and list all properties as required (strict mode).
    var requiresClosedObjects: Bool { self == .openAI }
    /// Whether a grammar decoder may loop on arrays without `maxItems`.
    var loopsOnUnboundedArrays: Bool { self == .ollama || self == .llamaCpp }
}
