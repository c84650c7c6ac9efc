import Foundation

/// Builds providers by name, for the command line and for ``Quarry/default``.
public enum ProviderCatalog {
    /// The provider names understood by ``provider(named:model:baseURL:transport:)``.
    public static let names = [
        "openai", "openai-responses", "anthropic", "gemini", "ollama", "openai-compatible", "local",
    ]

    /// The default model of each provider.
    public static func defaultModel(for name: String) -> String {
        switch name {
        case "openai", "openai-responses": return "gpt-4.1-mini"
        case "anthropic": return "claude-haiku-4-5"
        case "gemini": return "gemini-2.5-flash"
        case "ollama": return "llama3.2"
        default: return "smollm2"
        }
    }

    /// The local model server's URL: `QUARRY_LOCAL_MODEL_URL`, else `http://127.0.0.1:8080`.
    public static var localModelURL: String {
        ProcessInfo.processInfo.environment["QUARRY_LOCAL_MODEL_URL"] ?? "http://127.0.0.1:8080"
    }

    /// A provider by name, or `nil` for an unknown name. `local` is the OpenAI-compatible
    /// llama.cpp server started by `scripts/local-model`.
    public static func provider(
        named name: String, model: String? = nil, baseURL: String? = nil,
        transport: any HTTPTransport = URLSessionTransport()
    ) -> (any Provider)? {
        let model = model ?? defaultModel(for: name)
        switch name {
        case "openai":
            return OpenAIChatProvider(
                model: model, baseURL: baseURL ?? OpenAIChatProvider.officialBaseURL, transport: transport)
        case "openai-responses":
            return OpenAIResponsesProvider(
                model: model, baseURL: baseURL ?? OpenAIChatProvider.officialBaseURL, transport: transport)
        case "anthropic":
            return AnthropicProvider(
                model: model, baseURL: baseURL ?? AnthropicProvider.officialBaseURL, transport: transport)
        case "gemini":
            return GeminiProvider(
                model: model, baseURL: baseURL ?? GeminiProvider.officialBaseURL, transport: transport)
        case "ollama":
            return OllamaProvider(model: model, baseURL: baseURL ?? OllamaProvider.defaultBaseURL, transport: transport)
        case "openai-compatible":
            return OpenAIChatProvider(model: model, baseURL: baseURL ?? localModelURL, transport: transport)
        case "local":
            return localModel(model: model, baseURL: baseURL ?? localModelURL, transport: transport)
        default:
            return nil
        }
    }

    /// The provider chosen from the environment: the first of `OPENAI_API_KEY`,
    /// `ANTHROPIC_API_KEY`, `GEMINI_API_KEY` that is set, else the local model.
    public static func fromEnvironment() -> any Provider {
        let environment = ProcessInfo.processInfo.environment
        if environment["OPENAI_API_KEY"]?.isEmpty == false, let provider = provider(named: "openai") { return provider }
        if environment["ANTHROPIC_API_KEY"]?.isEmpty == false, let provider = provider(named: "anthropic") {
            return provider
        }
        if environment["GEMINI_API_KEY"]?.isEmpty == false, let provider = provider(named: "gemini") { return provider }
        return localModel(
            model: "smollm2", baseURL: localModelURL, transport: DefaultTransport.forBaseURL(localModelURL))
    }

    /// The llama.cpp server of `scripts/local-model`: a Chat Completions provider named
    /// `local`, so that what is known of that server applies to it (it takes a compiled
    /// grammar, see ``GrammarCompilation/automatic``).
    private static func localModel(model: String, baseURL: String, transport: any HTTPTransport) -> OpenAIChatProvider {
        var provider = OpenAIChatProvider(model: model, baseURL: baseURL, transport: transport)
        if provider.name == "openai-compatible" { provider.name = "local" }
        return provider
    }
}

extension Quarry {
    private static let defaultStorage = DefaultStorage()

    /// The runtime used by `extract` calls that name none: a provider chosen from the
    /// environment (see ``ProviderCatalog/fromEnvironment()``) with the default policy.
    /// Assign to change it for the whole process.
    public static var `default`: Quarry {
        get { defaultStorage.value }
        set { defaultStorage.value = newValue }
    }

    final class DefaultStorage: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: Quarry?

        var value: Quarry {
            get {
                lock.withLock {
                    if let stored { return stored }
                    let created = Quarry(provider: ProviderCatalog.fromEnvironment())
                    stored = created
                    return created
                }
            }
            set { lock.withLock { stored = newValue } }
        }
    }
}
