/// How the schema reaches the model.
public enum RequestMode: String, Sendable, Hashable, Codable {
    /// The provider's native structured output (OpenAI `json_schema`, Anthropic forced tool or
    /// `output_config.format`, Gemini `responseJsonSchema`, Ollama `format`, llama.cpp grammar).
    case constrained
    /// The schema is described in the prompt; the provider is asked for JSON only (where it has
    /// a JSON mode) or plain text. Every provider supports it.
    case promptOnly
}
