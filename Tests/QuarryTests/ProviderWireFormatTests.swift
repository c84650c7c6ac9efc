import Foundation
import QuarrySchema
import Testing

@testable import Quarry

// MARK: - Helpers

/// Reads the recorded-style bodies in `Fixtures/` (listed in `Fixtures/README.md`).
private enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")

    static func response(_ name: String, status: Int = 200, headers: [String: String] = [:]) throws -> HTTPResponse {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return HTTPResponse(status: status, headers: headers, body: [UInt8](data))
    }
}

private let invoiceSchema: JSONValue = [
    "type": "object",
    "properties": [
        "vendor": ["type": "string", "minLength": 1],
        "total": ["type": "number", "minimum": 0],
        "currency": ["type": "string", "enum": ["EUR", "USD"]],
    ],
    "required": ["vendor", "total"],
]

private func invoiceRequest(_ mode: RequestMode, sampling: [String: JSONValue] = [:]) -> ExtractionRequest {
    ExtractionRequest(
        messages: [
            ChatMessage(role: .system, content: "Extract the invoice as JSON."),
            ChatMessage(role: .user, content: "Invoice from Acme GmbH, total 1,249.50 EUR."),
            ChatMessage(role: .assistant, content: "{\"vendor\":\"Acme GmbH\"}"),
            ChatMessage(role: .user, content: "/total: required property missing. Fix only those fields."),
        ], schemaName: "invoice", schema: invoiceSchema, mode: mode, maxOutputTokens: 1_024, temperature: 0,
        samplingOptions: sampling)
}

private func body(_ request: HTTPRequest) throws -> JSONValue {
    try JSONValue(parsing: request.body)
}

/// The failure `provider` reads from `response`, or `nil` when it reads a reply.
private func failure(_ provider: some HTTPProvider, _ response: HTTPResponse) -> ProviderFailure? {
    do {
        _ = try provider.reply(from: response)
        return nil
    } catch {
        return error
    }
}

/// The HTTP failure `provider` reads from `response`, or `nil`.
private func httpFailure(_ provider: some HTTPProvider, _ response: HTTPResponse) -> HTTPFailure? {
    if case .http(let http)? = failure(provider, response) { return http }
    return nil
}

/// Answers every request with one response and remembers nothing; for the end-to-end check.
private struct FixedTransport: HTTPTransport {
    let response: HTTPResponse
    let check: @Sendable (HTTPRequest) -> Void

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        check(request)
        return response
    }
}

private let testKey = "sk-test-0123456789abcdef"

// MARK: - Tests

@Suite("Provider wire formats")
struct ProviderWireFormatTests {

    // MARK: OpenAI Chat Completions

    @Suite("OpenAI Chat Completions")
    struct OpenAIChat {
        let provider = OpenAIChatProvider(
            model: "gpt-4.1-mini", apiKey: testKey,
            transport: FixedTransport(
                response: HTTPResponse(status: 200), check: { _ in }))

        @Test func constrainedRequestUsesStrictJSONSchema() throws {
            let request = provider.httpRequest(
                for: invoiceRequest(.constrained, sampling: ["seed": 7, "temperature": 1]))
            #expect(request.method == "POST")
            #expect(request.url == "https://api.openai.com/v1/chat/completions")
            #expect(request.headers["authorization"] == "Bearer \(testKey)")
            #expect(request.headers["content-type"] == "application/json")
            #expect(provider.name == "openai")
            let json = try body(request)
            #expect(json["model"] == "gpt-4.1-mini")
            #expect(json["temperature"] == 0)  // Quarry's own field wins over a sampling option
            #expect(json["seed"] == 7)
            #expect(json["max_completion_tokens"] == 1_024)
            #expect(json["max_tokens"] == nil)
            let messages = try #require(json["messages"]?.arrayValue)
            #expect(messages.count == 4)
            #expect(messages[0] == ["role": "system", "content": "Extract the invoice as JSON."])
            #expect(messages[2]["role"] == "assistant")
            let format = try #require(json["response_format"])
            #expect(format["type"] == "json_schema")
            #expect(format["json_schema"]?["name"] == "invoice")
            #expect(format["json_schema"]?["strict"] == true)
            let schema = try #require(format["json_schema"]?["schema"])
            #expect(schema == OpenAIStrictSchema.transform(invoiceSchema))
            #expect(schema["additionalProperties"] == false)
            #expect(schema["required"] == ["vendor", "total", "currency"])
        }

        @Test func promptOnlyRequestAsksForJSONObject() throws {
            let json = try body(provider.httpRequest(for: invoiceRequest(.promptOnly)))
            #expect(json["response_format"] == ["type": "json_object"])
            let noJSONMode = OpenAIChatProvider(
                model: "m", baseURL: "http://localhost:8080", supportsJSONObjectMode: false)
            #expect(try body(noJSONMode.httpRequest(for: invoiceRequest(.promptOnly)))["response_format"] == nil)
        }

        @Test func compatibleServerDefaults() throws {
            let local = OpenAIChatProvider(model: "qwen2.5-7b-instruct", baseURL: "http://127.0.0.1:8080/v1/")
            #expect(local.name == "openai-compatible")
            #expect(local.strict == false)
            #expect(local.tokenLimitField == .maxTokens)
            let request = local.httpRequest(for: invoiceRequest(.constrained))
            #expect(request.url == "http://127.0.0.1:8080/v1/chat/completions")
            #expect(request.headers["authorization"] == nil)
            let json = try body(request)
            #expect(json["max_tokens"] == 1_024)
            #expect(json["response_format"]?["json_schema"]?["strict"] == false)
            #expect(json["response_format"]?["json_schema"]?["schema"] == invoiceSchema)  // sent untransformed

            let keyed = OpenAIChatProvider(model: "m", apiKey: "local-key", baseURL: "http://localhost:8000")
            #expect(keyed.httpRequest(for: invoiceRequest(.promptOnly)).headers["authorization"] == "Bearer local-key")
        }

        @Test func reasoningModelsGetNoTemperature() throws {
            let reasoning = OpenAIChatProvider(model: "gpt-5-mini", apiKey: testKey)
            #expect(try body(reasoning.httpRequest(for: invoiceRequest(.constrained)))["temperature"] == nil)
            let o3 = OpenAIResponsesProvider(model: "o3-2025-04-16", apiKey: testKey)
            #expect(try body(o3.httpRequest(for: invoiceRequest(.constrained)))["temperature"] == nil)
            let forced = OpenAIChatProvider(model: "gpt-5-mini", apiKey: testKey, sendsTemperature: true)
            #expect(try body(forced.httpRequest(for: invoiceRequest(.constrained)))["temperature"] == 0)
            #expect(try body(provider.httpRequest(for: invoiceRequest(.constrained)))["temperature"] == 0)
        }

        @Test func parsesSuccess() throws {
            let reply = try provider.reply(
                from: Fixture.response("openai-chat/success.json", headers: ["x-request-id": "req_1"]))
            #expect(reply.text == #"{"vendor":"Acme GmbH","total":1249.5,"currency":"EUR","due_date":null}"#)
            #expect(reply.finishReason == .stop)
            #expect(reply.refusal == nil)
            #expect(reply.usage == TokenUsage(inputTokens: 412, outputTokens: 27, cachedInputTokens: 256))
            #expect(reply.model == "gpt-4.1-mini-2025-04-14")
            #expect(reply.headers["x-request-id"] == "req_1")
        }

        @Test func parsesTruncatedReply() throws {
            let reply = try provider.reply(from: Fixture.response("openai-chat/length.json"))
            #expect(reply.finishReason == .length)
            #expect(reply.text?.hasPrefix("{\"vendor\"") == true)
        }

        @Test func parsesRefusal() throws {
            let reply = try provider.reply(from: Fixture.response("openai-chat/refusal.json"))
            #expect(reply.finishReason == .refusal)
            #expect(reply.refusal == "I'm sorry, I can't help with that request.")
            #expect(reply.text == nil)
        }

        @Test func rateLimitCarriesRetryHints() throws {
            let http = try #require(
                httpFailure(
                    provider,
                    try Fixture.response(
                        "openai-chat/error-429-rate-limit.json", status: 429,
                        headers: ["Retry-After-Ms": "210", "retry-after": "1", "x-should-retry": "true"])))
            #expect(http.status == 429)
            #expect(http.errorType == "rate_limit_exceeded")
            #expect(http.message.hasPrefix("Rate limit reached for gpt-4.1-mini"))
            #expect(http.retryAfter == .milliseconds(210))
            #expect(http.shouldRetry == true)
            #expect(http.quotaExhausted == false)
            #expect(FailureKind(.http(http)).decision == .retry)
        }

        @Test func insufficientQuotaIsFinal() throws {
            let http = try #require(
                httpFailure(
                    provider, try Fixture.response("openai-chat/error-429-insufficient-quota.json", status: 429)))
            #expect(http.quotaExhausted)
            #expect(http.errorType == "insufficient_quota")
            #expect(FailureKind(.http(http)).decision == .fail)
        }

        @Test func authErrorNeverContainsTheKey() throws {
            let http = try #require(
                httpFailure(
                    provider,
                    try Fixture.response(
                        "openai-chat/error-401-invalid-key.json", status: 401, headers: ["x-should-retry": "false"])))
            #expect(http.status == 401)
            #expect(http.errorType == "invalid_api_key")
            #expect(!http.message.contains(testKey))
            #expect(http.message.contains("REDACTED"))
            #expect(http.shouldRetry == false)
        }

        @Test func readsVLLMErrorShape() throws {
            let local = OpenAIChatProvider(model: "m", baseURL: "http://localhost:8000")
            let http = try #require(
                httpFailure(local, try Fixture.response("openai-chat/vllm-error-400.json", status: 400)))
            #expect(http.errorType == "BadRequestError")
            #expect(http.message.hasPrefix("This model's maximum context length is 8192 tokens."))
        }

        @Test func nonJSONErrorBodyAndMalformedSuccess() throws {
            let gateway = HTTPResponse(
                status: 502, body: Array("<html><body>Bad Gateway</body></html>\n<p>nginx</p>".utf8))
            let http = try #require(httpFailure(provider, gateway))
            #expect(http.status == 502)
            #expect(http.message == "<html><body>Bad Gateway</body></html>")
            guard case .malformedBody? = failure(provider, HTTPResponse(status: 200, body: Array("{\"id\":1}".utf8)))
            else {
                Issue.record("expected malformedBody")
                return
            }
            guard case .malformedBody? = failure(provider, HTTPResponse(status: 200, body: Array("not json".utf8)))
            else {
                Issue.record("expected malformedBody")
                return
            }
        }

        @Test func completeSendsOverTheTransport() async throws {
            let response = try Fixture.response("openai-chat/success.json")
            let provider = OpenAIChatProvider(
                model: "gpt-4.1-mini", apiKey: testKey,
                transport: FixedTransport(response: response) { request in
                    #expect(request.url == "https://api.openai.com/v1/chat/completions")
                })
            let reply = try await provider.complete(invoiceRequest(.constrained))
            #expect(reply.usage.totalTokens == 439)
        }
    }

    // MARK: OpenAI Responses

    @Suite("OpenAI Responses")
    struct OpenAIResponses {
        let provider = OpenAIResponsesProvider(model: "gpt-4.1-mini", apiKey: testKey)

        @Test func constrainedRequest() throws {
            let request = provider.httpRequest(for: invoiceRequest(.constrained, sampling: ["top_p": 0.5]))
            #expect(request.url == "https://api.openai.com/v1/responses")
            #expect(request.headers["authorization"] == "Bearer \(testKey)")
            #expect(provider.name == "openai-responses")
            let json = try body(request)
            #expect(json["instructions"] == "Extract the invoice as JSON.")
            let input = try #require(json["input"]?.arrayValue)
            #expect(input.count == 3)
            #expect(input[0] == ["role": "user", "content": "Invoice from Acme GmbH, total 1,249.50 EUR."])
            #expect(input[1]["role"] == "assistant")
            #expect(json["max_output_tokens"] == 1_024)
            #expect(json["store"] == false)
            #expect(json["top_p"] == 0.5)
            let format = try #require(json["text"]?["format"])
            #expect(format["type"] == "json_schema")
            #expect(format["name"] == "invoice")
            #expect(format["strict"] == true)
            #expect(format["schema"] == OpenAIStrictSchema.transform(invoiceSchema))
        }

        @Test func promptOnlyRequest() throws {
            let json = try body(provider.httpRequest(for: invoiceRequest(.promptOnly)))
            #expect(json["text"] == ["format": ["type": "json_object"]])
        }

        @Test func parsesCompleted() throws {
            let reply = try provider.reply(from: Fixture.response("openai-responses/completed.json"))
            #expect(reply.text == #"{"vendor":"Acme GmbH","total":1249.5}"#)
            #expect(reply.finishReason == .stop)
            #expect(reply.usage == TokenUsage(inputTokens: 398, outputTokens: 19, cachedInputTokens: 128))
            #expect(reply.model == "gpt-4.1-mini-2025-04-14")
        }

        @Test func parsesIncomplete() throws {
            let reply = try provider.reply(from: Fixture.response("openai-responses/incomplete.json"))
            #expect(reply.finishReason == .length)
            #expect(reply.text?.hasPrefix("{\"vendor\"") == true)
        }

        @Test func parsesRefusal() throws {
            let reply = try provider.reply(from: Fixture.response("openai-responses/refusal.json"))
            #expect(reply.finishReason == .refusal)
            #expect(reply.refusal == "I'm sorry, but I can't assist with that.")
            #expect(reply.text == nil)
        }

        @Test func errorsUseTheOpenAIShape() throws {
            let http = try #require(
                httpFailure(
                    provider,
                    try Fixture.response(
                        "openai-chat/error-429-insufficient-quota.json", status: 429, headers: ["retry-after": "20"])))
            #expect(http.quotaExhausted)
            #expect(http.retryAfter == .seconds(20))
        }
    }

    // MARK: Anthropic

    @Suite("Anthropic Messages")
    struct Anthropic {
        let provider = AnthropicProvider(model: "claude-sonnet-4-5", apiKey: testKey)

        @Test func forcedToolRequest() throws {
            let request = provider.httpRequest(for: invoiceRequest(.constrained, sampling: ["top_k": 5]))
            #expect(request.url == "https://api.anthropic.com/v1/messages")
            #expect(request.headers["x-api-key"] == testKey)
            #expect(request.headers["anthropic-version"] == "2023-06-01")
            #expect(request.headers["authorization"] == nil)
            let json = try body(request)
            #expect(json["model"] == "claude-sonnet-4-5")
            #expect(json["max_tokens"] == 1_024)
            #expect(json["system"] == "Extract the invoice as JSON.")
            #expect(json["top_k"] == 5)
            let messages = try #require(json["messages"]?.arrayValue)
            #expect(messages.count == 3)
            #expect(messages.allSatisfy { $0["role"] != "system" })
            let tool = try #require(json["tools"]?.arrayValue?.first)
            #expect(tool["name"] == "invoice")
            #expect(tool["description"]?.stringValue?.isEmpty == false)
            #expect(tool["input_schema"] == invoiceSchema)
            #expect(json["tool_choice"] == ["type": "tool", "name": "invoice"])
            #expect(json["output_config"] == nil)
        }

        @Test func outputFormatRequest() throws {
            let native = AnthropicProvider(model: "claude-sonnet-4-5", apiKey: testKey, structuredOutput: .outputFormat)
            let json = try body(native.httpRequest(for: invoiceRequest(.constrained)))
            #expect(json["tools"] == nil)
            #expect(json["tool_choice"] == nil)
            let format = try #require(json["output_config"]?["format"])
            #expect(format["type"] == "json_schema")
            let schema = try #require(format["schema"])
            #expect(schema["additionalProperties"] == false)
            #expect(schema["required"] == ["vendor", "total"])
            #expect(schema["properties"]?["vendor"] == ["type": "string"])  // minLength removed
            #expect(schema["properties"]?["total"] == ["type": "number"])  // minimum removed
            #expect(schema["properties"]?["currency"]?["enum"] == ["EUR", "USD"])
        }

        @Test func promptOnlyRequestIsPlainText() throws {
            let json = try body(provider.httpRequest(for: invoiceRequest(.promptOnly)))
            #expect(json["tools"] == nil)
            #expect(json["output_config"] == nil)
        }

        @Test func parsesToolUse() throws {
            let reply = try provider.reply(from: Fixture.response("anthropic/tool-use.json"))
            #expect(reply.toolArguments == ["vendor": "Acme GmbH", "total": 1249.5, "currency": "EUR"])
            #expect(reply.text == nil)
            #expect(reply.finishReason == .toolCall)
            #expect(reply.payload.flatMap { try? JSONValue(parsing: $0) } == reply.toolArguments)
            #expect(reply.usage == TokenUsage(inputTokens: 612, outputTokens: 58, cachedInputTokens: 512))
            #expect(reply.model == "claude-sonnet-4-5-20250929")
        }

        @Test func parsesOutputFormatText() throws {
            let reply = try provider.reply(from: Fixture.response("anthropic/output-format-text.json"))
            #expect(reply.text == #"{"vendor":"Acme GmbH","total":1249.5,"currency":"EUR"}"#)
            #expect(reply.toolArguments == nil)
            #expect(reply.finishReason == .stop)
        }

        @Test func parsesMaxTokens() throws {
            let reply = try provider.reply(from: Fixture.response("anthropic/max-tokens.json"))
            #expect(reply.finishReason == .length)
        }

        @Test func parsesRefusal() throws {
            let reply = try provider.reply(from: Fixture.response("anthropic/refusal.json"))
            #expect(reply.finishReason == .refusal)
            #expect(reply.refusal == "I can't help with extracting that information.")
            #expect(reply.text == nil)
        }

        @Test func overloadedIsRetryable() throws {
            let http = try #require(
                httpFailure(provider, try Fixture.response("anthropic/error-529-overloaded.json", status: 529)))
            #expect(http.status == 529)
            #expect(http.errorType == "overloaded_error")
            #expect(http.message == "Overloaded")
            #expect(FailureKind(.http(http)).decision == .retry)
        }

        @Test func rateLimitHonoursRetryAfter() throws {
            let http = try #require(
                httpFailure(
                    provider,
                    try Fixture.response(
                        "anthropic/error-429-rate-limit.json", status: 429,
                        headers: ["retry-after": "17", "anthropic-ratelimit-input-tokens-remaining": "0"])))
            #expect(http.errorType == "rate_limit_error")
            #expect(http.retryAfter == .seconds(17))
            #expect(http.quotaExhausted == false)
        }
    }

    // MARK: Gemini

    @Suite("Gemini generateContent")
    struct Gemini {
        let provider = GeminiProvider(model: "models/gemini-2.5-flash", apiKey: testKey)

        @Test func constrainedRequest() throws {
            let request = provider.httpRequest(for: invoiceRequest(.constrained, sampling: ["topP": 0.9]))
            #expect(
                request.url
                    == "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent")
            #expect(request.headers["x-goog-api-key"] == testKey)
            #expect(!request.url.contains(testKey))
            let json = try body(request)
            #expect(json["systemInstruction"] == ["parts": [["text": "Extract the invoice as JSON."]]])
            let contents = try #require(json["contents"]?.arrayValue)
            #expect(contents.map { $0["role"] } == ["user", "model", "user"])
            #expect(contents[0]["parts"] == [["text": "Invoice from Acme GmbH, total 1,249.50 EUR."]])
            let config = try #require(json["generationConfig"])
            #expect(config["temperature"] == 0)
            #expect(config["maxOutputTokens"] == 1_024)
            #expect(config["responseMimeType"] == "application/json")
            #expect(config["responseJsonSchema"] == invoiceSchema)
            #expect(config["topP"] == 0.9)
        }

        @Test func promptOnlyRequestUsesJSONMode() throws {
            let config = try body(provider.httpRequest(for: invoiceRequest(.promptOnly)))["generationConfig"]
            #expect(config?["responseMimeType"] == "application/json")
            #expect(config?["responseJsonSchema"] == nil)
        }

        @Test func parsesSuccess() throws {
            let reply = try provider.reply(from: Fixture.response("gemini/success.json"))
            #expect(reply.text == #"{"vendor": "Acme GmbH", "total": 1249.5}"#)
            #expect(reply.finishReason == .stop)
            // Thinking tokens are billed as output.
            #expect(reply.usage == TokenUsage(inputTokens: 402, outputTokens: 61, cachedInputTokens: 256))
            #expect(reply.model == "gemini-2.5-flash")
        }

        @Test func parsesMaxTokensAndSafety() throws {
            #expect(try provider.reply(from: Fixture.response("gemini/max-tokens.json")).finishReason == .length)
            let blocked = try provider.reply(from: Fixture.response("gemini/safety.json"))
            #expect(blocked.finishReason == .contentFilter)
            #expect(blocked.text == nil)
        }

        @Test func blockedPromptThrows() throws {
            let result = failure(provider, try Fixture.response("gemini/blocked-prompt.json"))
            #expect(result == .blockedPrompt(reason: "PROHIBITED_CONTENT"))
        }

        @Test func retryInfoInTheBody() throws {
            let http = try #require(
                httpFailure(provider, try Fixture.response("gemini/error-429-retry-info.json", status: 429)))
            #expect(http.errorType == "RESOURCE_EXHAUSTED")
            #expect(http.retryAfter == .seconds(13))
            #expect(http.quotaExhausted == false)
            #expect(FailureKind(.http(http)).decision == .retry)
        }

        @Test func perDayQuotaIsFinal() throws {
            let http = try #require(
                httpFailure(provider, try Fixture.response("gemini/error-429-per-day.json", status: 429)))
            #expect(http.quotaExhausted)
            #expect(http.retryAfter == .milliseconds(41_500))
            #expect(FailureKind(.http(http)).decision == .fail)
        }

        @Test func badKey() throws {
            let http = try #require(
                httpFailure(provider, try Fixture.response("gemini/error-400-bad-key.json", status: 400)))
            #expect(http.errorType == "INVALID_ARGUMENT")
            #expect(http.message == "API key not valid. Please pass a valid API key.")
            #expect(FailureKind(.http(http)).decision == .fail)
        }
    }

    // MARK: Ollama

    @Suite("Ollama /api/chat")
    struct Ollama {
        let provider = OllamaProvider(model: "qwen2.5:7b")

        @Test func constrainedRequest() throws {
            let request = provider.httpRequest(
                for: invoiceRequest(.constrained, sampling: ["repeat_penalty": 1.1, "num_ctx": 8_192]))
            #expect(request.url == "http://localhost:11434/api/chat")
            #expect(request.headers["authorization"] == nil)
            #expect(provider.name == "ollama")
            let json = try body(request)
            #expect(json["model"] == "qwen2.5:7b")
            #expect(json["stream"] == false)
            #expect(json["format"] == invoiceSchema)
            #expect(json["messages"]?.arrayValue?.count == 4)
            #expect(json["messages"]?.arrayValue?.first?["role"] == "system")
            #expect(
                json["options"] == ["temperature": 0, "num_predict": 1_024, "num_ctx": 8_192, "repeat_penalty": 1.1])
        }

        @Test func promptOnlyRequest() throws {
            let json = try body(provider.httpRequest(for: invoiceRequest(.promptOnly)))
            #expect(json["format"] == "json")
            let remote = OllamaProvider(model: "m", apiKey: "proxy-key", baseURL: "https://ollama.internal:443/")
            let request = remote.httpRequest(for: invoiceRequest(.promptOnly))
            #expect(request.url == "https://ollama.internal:443/api/chat")
            #expect(request.headers["authorization"] == "Bearer proxy-key")
        }

        @Test func parsesSuccessAndLength() throws {
            let reply = try provider.reply(from: Fixture.response("ollama/success.json"))
            #expect(reply.text == #"{"vendor": "Acme GmbH", "total": 1249.5}"#)
            #expect(reply.finishReason == .stop)
            #expect(reply.usage == TokenUsage(inputTokens: 388, outputTokens: 24))
            #expect(reply.model == "qwen2.5:7b")
            #expect(try provider.reply(from: Fixture.response("ollama/length.json")).finishReason == .length)
        }

        @Test func errorBody() throws {
            let http = try #require(httpFailure(provider, try Fixture.response("ollama/error-404.json", status: 404)))
            #expect(http.status == 404)
            #expect(http.message == "model \"qwen9:1b\" not found, try pulling it first")
        }
    }

    // MARK: OpenAI strict schema

    @Suite("OpenAIStrictSchema.transform")
    struct StrictSchema {
        @Test func objectsCloseAndOptionalMembersBecomeNullable() {
            let schema: JSONValue = [
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "object",
                "properties": [
                    "name": ["type": "string", "minLength": 1, "maxLength": 80, "pattern": "^[A-Z]"],
                    "email": ["type": "string", "format": "email"],
                    "website": ["type": "string", "format": "uri"],
                    "age": ["type": "integer", "minimum": 0, "default": 18],
                    "tags": ["type": "array", "items": ["type": "string"], "uniqueItems": true, "maxItems": 5],
                    "status": ["type": "string", "enum": ["open", "paid"]],
                    "address": [
                        "type": "object",
                        "properties": ["city": ["type": "string"], "zip": ["type": ["string", "integer"]]],
                        "required": ["city"],
                    ],
                ],
                "required": ["name", "address"],
            ]
            let expected: JSONValue = [
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "object",
                "properties": [
                    "name": ["type": "string", "pattern": "^[A-Z]"],
                    "email": ["type": ["string", "null"], "format": "email"],
                    "website": ["type": ["string", "null"]],
                    "age": ["type": ["integer", "null"], "minimum": 0],
                    "tags": ["type": ["array", "null"], "items": ["type": "string"], "maxItems": 5],
                    "status": ["type": ["string", "null"], "enum": ["open", "paid", nil]],
                    "address": [
                        "type": "object",
                        "properties": ["city": ["type": "string"], "zip": ["type": ["string", "integer", "null"]]],
                        "required": ["city", "zip"],
                        "additionalProperties": false,
                    ],
                ],
                "required": ["name", "email", "website", "age", "tags", "status", "address"],
                "additionalProperties": false,
            ]
            #expect(OpenAIStrictSchema.transform(schema) == expected)
        }

        @Test func keepsDefinitionsAndWrapsOptionalReferences() {
            let schema: JSONValue = [
                "type": "object",
                "$defs": [
                    "Party": [
                        "type": "object", "properties": ["name": ["type": "string"]], "required": ["name"],
                        "additionalProperties": true,
                    ],
                    "Node": [
                        "type": "object",
                        "properties": ["children": ["type": "array", "items": ["$ref": "#/$defs/Node"]]],
                    ],
                ],
                "properties": [
                    "seller": ["$ref": "#/$defs/Party"],
                    "buyer": ["$ref": "#/$defs/Party", "description": "Who pays"],
                    "tree": ["$ref": "#/$defs/Node"],
                ],
                "required": ["seller", "tree"],
            ]
            let result = OpenAIStrictSchema.transform(schema)
            #expect(
                result["$defs"]?["Party"]
                    == [
                        "type": "object", "properties": ["name": ["type": "string"]], "required": ["name"],
                        "additionalProperties": false,
                    ])
            #expect(result["$defs"]?["Node"]?["required"] == ["children"])
            #expect(result["$defs"]?["Node"]?["properties"]?["children"]?["type"] == ["array", "null"])
            #expect(result["properties"]?["seller"] == ["$ref": "#/$defs/Party"])
            #expect(
                result["properties"]?["buyer"]
                    == ["description": "Who pays", "anyOf": [["$ref": "#/$defs/Party"], ["type": "null"]]])
            #expect(result["required"] == ["seller", "buyer", "tree"])
        }

        @Test func unionsAndComposition() {
            let schema: JSONValue = [
                "allOf": [
                    ["type": "object", "properties": ["id": ["type": "string"]], "required": ["id"]],
                    ["properties": ["note": ["type": "string"]]],
                ],
                "properties": [
                    "amount": ["oneOf": [["type": "number"], ["type": "string", "pattern": "^\\d+$"]]],
                    "kind": ["const": "invoice"],
                    "choice": ["anyOf": [["type": "integer"], ["type": "null"]]],
                    "untyped": ["description": "anything", "if": ["type": "string"], "then": ["minLength": 2]],
                ],
                "required": ["amount"],
            ]
            let result = OpenAIStrictSchema.transform(schema)
            #expect(result["allOf"] == nil)
            #expect(result["type"] == "object")
            #expect(result["additionalProperties"] == false)
            #expect(result["required"] == ["amount", "kind", "choice", "untyped", "id", "note"])
            #expect(result["properties"]?["id"] == ["type": "string"])
            #expect(result["properties"]?["note"] == ["type": ["string", "null"]])
            #expect(
                result["properties"]?["amount"]
                    == ["anyOf": [["type": "number"], ["type": "string", "pattern": "^\\d+$"]]])
            #expect(result["properties"]?["kind"] == ["anyOf": [["const": "invoice"], ["type": "null"]]])
            #expect(result["properties"]?["choice"] == ["anyOf": [["type": "integer"], ["type": "null"]]])
            #expect(
                result["properties"]?["untyped"] == ["anyOf": [["description": "anything"], ["type": "null"]]])
        }

        @Test func nonObjectValuesPassThrough() {
            #expect(OpenAIStrictSchema.transform(true) == true)
            #expect(OpenAIStrictSchema.transform(["type": "string", "maxLength": 3]) == ["type": "string"])
        }
    }
}
