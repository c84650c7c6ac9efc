import Foundation
import Quarry
import QuarrySchema
import Testing

/// Optional live checks against the real provider APIs. Each runs only when its key is set and
/// never in CI (CI has no keys):
///
///     OPENAI_API_KEY=… ANTHROPIC_API_KEY=… GEMINI_API_KEY=… swift test --filter LiveProvider
///
/// Each extracts a small object and accepts a valid value or a typed error that is not a
/// rejected request (a 4xx would mean Quarry's wire format is wrong).
@Suite("Live providers (optional)", .serialized)
struct LiveProviderTests {
    static let environment = ProcessInfo.processInfo.environment

    static func hasKey(_ name: String) -> Bool { environment[name]?.isEmpty == false }

    let schema: Schema = {
        let document: JSONValue = [
            "type": "object", "additionalProperties": false, "required": ["name", "city", "age"],
            "properties": [
                "name": ["type": "string"], "city": ["type": "string"], "age": ["type": "integer", "minimum": 0],
            ],
        ]
        return (try? Schema(compiling: document)) ?? (try! Schema(compiling: true))
    }()

    func check(_ provider: any Provider, mode: RequestMode) async {
        let quarry = Quarry(provider: provider, policy: ExtractionPolicy(deadline: .seconds(90), mode: mode))
        do {
            let result = try await quarry.extract(
                "Lena Fischer, 34, lives in Hamburg.", schema: schema, schemaName: "person")
            #expect(schema.validate(result.json).isValid)
            print(
                "[live] \(provider.name)/\(provider.model) \(mode): \(result.json) in \(result.attempts.count) attempt(s)"
            )
        } catch {
            if case .requestRejected(let status, let message, _) = error {
                Issue.record("\(provider.name) rejected the request (HTTP \(status)): \(message)")
            }
            print("[live] \(provider.name)/\(provider.model) \(mode): \(error)")
        }
    }

    @Test("OpenAI Chat Completions", .enabled(if: hasKey("OPENAI_API_KEY"), "OPENAI_API_KEY is not set"))
    func openAIChat() async {
        await check(OpenAIChatProvider(model: "gpt-4.1-mini"), mode: .constrained)
        await check(OpenAIChatProvider(model: "gpt-4.1-mini"), mode: .promptOnly)
    }

    @Test("OpenAI Responses", .enabled(if: hasKey("OPENAI_API_KEY"), "OPENAI_API_KEY is not set"))
    func openAIResponses() async {
        await check(OpenAIResponsesProvider(model: "gpt-4.1-mini"), mode: .constrained)
    }

    @Test("Anthropic Messages", .enabled(if: hasKey("ANTHROPIC_API_KEY"), "ANTHROPIC_API_KEY is not set"))
    func anthropic() async {
        await check(AnthropicProvider(model: "claude-haiku-4-5"), mode: .constrained)
        await check(AnthropicProvider(model: "claude-haiku-4-5", structuredOutput: .outputFormat), mode: .constrained)
    }

    @Test("Gemini", .enabled(if: hasKey("GEMINI_API_KEY") || hasKey("GOOGLE_API_KEY"), "GEMINI_API_KEY is not set"))
    func gemini() async {
        await check(GeminiProvider(model: "gemini-2.5-flash"), mode: .constrained)
    }
}
