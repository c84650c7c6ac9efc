import Foundation
import QuarrySchema

/// OpenAI's Chat Completions API (`POST {base}/v1/chat/completions`), and any server that
/// speaks it: llama.cpp's `llama-server`, vLLM, LM Studio, Ollama's `/v1`, gateways.
///
/// In ``RequestMode/constrained`` mode it sends
/// `response_format: {type: "json_schema", json_schema: {name, strict, schema}}`; when
/// ``strict`` is on, the schema goes through ``OpenAIStrictSchema/transform(_:)`` first. In
/// A request with a ``ExtractionRequest/grammar`` (``ExtractionPolicy/grammarCompilation``) sends
/// it as llama.cpp's `grammar` field instead of `response_format`, except to api.openai.com. In
/// ``RequestMode/promptOnly`` mode it asks for `{type: "json_object"}` when
/// ``supportsJSONObjectMode`` is on, and sends no `response_format` otherwise.
/// ``ExtractionRequest/samplingOptions`` become top-level fields (`seed`, `top_p`,
/// `frequency_penalty`, llama.cpp's `repeat_penalty`, ...); they never replace a field the
/// provider sets itself.
public struct OpenAIChatProvider: HTTPProvider {
    /// Which request field carries the output-token limit.
    public enum TokenLimitField: String, Sendable, Hashable {
        /// `max_completion_tokens`, which api.openai.com wants (reasoning models reject `max_tokens`).
        case maxCompletionTokens = "max_completion_tokens"
        /// `max_tokens`, which compatible servers understand.
        case maxTokens = "max_tokens"
    }

    /// The official endpoint.
    public static let officialBaseURL = "https://api.openai.com"

    /// `openai` for api.openai.com, `openai-compatible` for any other server; `local` for the
    /// llama.cpp server of `scripts/local-model` (``ProviderCatalog``).
    public var name: String
    /// The model asked for.
    public var model: String
    /// Always `true`: `response_format.json_schema` (compatible servers turn it into a grammar).
    public var supportsConstrainedDecoding: Bool { true }
    /// `true`: a request with a ``ExtractionRequest/loopDetector`` is streamed
    /// (`"stream": true`) and stopped when it repeats itself.
    public var streamsReplies: Bool { true }
    /// `true` for any server but api.openai.com: a request's ``ExtractionRequest/grammar`` is
    /// sent as llama.cpp's `grammar` field (a server without one ignores it, see
    /// ``ExtractionPolicy/grammarCompilation``).
    public var acceptsGrammar: Bool { name != "openai" }
    /// The transport used to send requests.
    public var transport: any HTTPTransport
    /// The base URL, without the `/v1/...` path (a trailing `/v1` is tolerated).
    public var baseURL: String
    /// Whether constrained requests ask for strict mode and send the strict-transformed schema.
    public var strict: Bool
    /// Whether the server understands `response_format: {type: "json_object"}`.
    public var supportsJSONObjectMode: Bool
    /// Which field carries the output-token limit.
    public var tokenLimitField: TokenLimitField
    /// Whether requests carry `temperature`. OpenAI's reasoning models (`o1`, `o3`, `o4-mini`,
    /// `gpt-5`, ...) reject any temperature but the default, so it is left out for them.
    public var sendsTemperature: Bool
    /// The API key; `nil` sends no `Authorization` header (local servers).
    var apiKey: String?

    /// Creates a Chat Completions provider.
    ///
    /// - Parameters:
    ///   - model: The model name (`gpt-4.1-mini`, or whatever a local server calls its model).
    ///   - apiKey: The key. When `nil`, `OPENAI_API_KEY` is read — but only when `baseURL` is
    ///     api.openai.com, so an OpenAI key is never sent to another server by accident. Pass
    ///     the key explicitly for a compatible server that needs one.
    ///   - baseURL: The server, `https://api.openai.com` by default.
    ///   - strict: Strict structured outputs; by default on for api.openai.com, off elsewhere.
    ///   - supportsJSONObjectMode: Whether to ask for `json_object` in prompt-only mode.
    ///   - tokenLimitField: By default `max_completion_tokens` for api.openai.com and
    ///     `max_tokens` elsewhere.
    ///   - sendsTemperature: Whether to send `temperature`; by default not for model names that
    ///     start with `o1`, `o3`, `o4` or `gpt-5` (reasoning models reject it).
    ///   - transport: How requests are sent; by default sockets for `http://` servers and `URLSession` for `https://` (see ``DefaultTransport``).
    public init(
        model: String, apiKey: String? = nil, baseURL: String = OpenAIChatProvider.officialBaseURL,
        strict: Bool? = nil, supportsJSONObjectMode: Bool = true, tokenLimitField: TokenLimitField? = nil,
        sendsTemperature: Bool? = nil, transport: (any HTTPTransport)? = nil
    ) {
        self.sendsTemperature = sendsTemperature ?? !OpenAIChatProvider.isReasoningModel(model)
        let official = Self.isOfficial(baseURL)
        self.model = model
        self.baseURL = baseURL
        self.name = official ? "openai" : "openai-compatible"
        self.apiKey =
            ProviderSupport.nonEmpty(apiKey) ?? (official ? ProviderSupport.environmentValue("OPENAI_API_KEY") : nil)
        self.strict = strict ?? official
        self.supportsJSONObjectMode = supportsJSONObjectMode
        self.tokenLimitField = tokenLimitField ?? (official ? .maxCompletionTokens : .maxTokens)
        self.transport = transport ?? DefaultTransport.forBaseURL(baseURL)
    }

    /// Whether `baseURL` is OpenAI's own API.
    static func isOfficial(_ baseURL: String) -> Bool {
        ProviderSupport.host(of: baseURL) == "api.openai.com"
    }

    /// Builds the wire request.
    public func httpRequest(for request: ExtractionRequest) -> HTTPRequest {
        var body = JSONObject()
        body["model"] = .string(model)
        body["messages"] = .array(
            request.messages.map { ["role": .string($0.role.rawValue), "content": .string($0.content)] })
        if sendsTemperature { body["temperature"] = ProviderSupport.number(request.temperature) }
        body[tokenLimitField.rawValue] = .number(JSONNumber(request.maxOutputTokens))
        var embedded: JSONValue?
        switch request.mode {
        case .constrained where request.grammar != nil && acceptsGrammar:
            // llama.cpp's server: a grammar Quarry compiled replaces its own schema conversion.
            body["grammar"] = request.grammar.map(JSONValue.string)
        case .constrained:
            let schema =
                strict
                ? SchemaWireCache.document(
                    request.schema, rewrittenFor: .openAIStrict, by: OpenAIStrictSchema.transform)
                : request.schema
            embedded = schema
            body["response_format"] = [
                "type": "json_schema",
                "json_schema": [
                    "name": .string(ProviderSupport.wireName(request.schemaName)), "strict": .bool(strict),
                    "schema": schema,
                ],
            ]
        case .promptOnly:
            if supportsJSONObjectMode { body["response_format"] = ["type": "json_object"] }
        }
        if request.loopDetector != nil {
            body["stream"] = true
            body["stream_options"] = ["include_usage": true]
            // llama.cpp reports the prompt's token count at the start of the stream, so a
            // stream stopped before its usage chunk still counts its prompt tokens.
            if name != "openai" { body["return_progress"] = true }
        }
        ProviderSupport.merge(request.samplingOptions, into: &body)
        var headers = ProviderSupport.jsonHeaders()
        if let apiKey { headers["authorization"] = "Bearer \(apiKey)" }
        return HTTPRequest(
            url: ProviderSupport.join(base: baseURL, versionedPath: "/v1/chat/completions"), headers: headers,
            body: ProviderSupport.body(.object(body), embedding: embedded))
    }

    /// Sends one request; with a ``ExtractionRequest/loopDetector``, streams the reply and
    /// stops reading (so the server stops generating) as soon as it repeats itself.
    public func complete(_ request: ExtractionRequest) async throws(ProviderFailure) -> ProviderReply {
        let wire = httpRequest(for: request)
        let stream = request.loopDetector.map(ChatCompletionStream.init(detector:))
        let response: HTTPResponse
        do {
            if let stream {
                response = try await transport.send(wire, receivingBody: { stream.receive($0) })
            } else {
                response = try await transport.send(wire)
            }
        } catch {
            throw .transport(error)
        }
        // An error status, or a server that ignored `"stream": true`, answers with plain JSON.
        guard let stream, ProviderSupport.isSuccess(response.status), stream.isEventStream else {
            return try reply(from: response)
        }
        return try stream.reply(status: response.status, headers: response.headers, apiKey: apiKey)
    }

    /// Reads a wire response into a reply or a failure.
    public func reply(from response: HTTPResponse) throws(ProviderFailure) -> ProviderReply {
        guard ProviderSupport.isSuccess(response.status) else {
            throw .http(OpenAIErrorBody.failure(from: response, apiKey: apiKey))
        }
        guard let json = ProviderSupport.jsonObject(response) else {
            throw .malformedBody("not a JSON object: \(ProviderSupport.bodyExcerpt(response))")
        }
        guard let choice = json["choices"]?.arrayValue?.first, let message = choice["message"]?.objectValue else {
            let embeddedError: JSONValue? = json["error"] ?? (json["object"] == "error" ? json : nil)
            if let error = embeddedError {
                let message = ProviderSupport.scrub(error["message"]?.stringValue ?? error.serialized(), apiKey: apiKey)
                throw .malformedBody("an error in a success response: \(message)")
            }
            throw .malformedBody("no choices[0].message in the reply")
        }
        var text = Self.content(message["content"])
        if text == nil, let arguments = message["tool_calls"]?.arrayValue?.first?["function"]?["arguments"]?.stringValue
        {
            text = arguments
        }
        let refusal = ProviderSupport.nonEmpty(message["refusal"]?.stringValue)
        var finishReason = Self.finishReason(choice["finish_reason"]?.stringValue)
        if refusal != nil { finishReason = .refusal }
        let usage = json["usage"]
        return ProviderReply(
            text: text, finishReason: finishReason, refusal: refusal,
            usage: TokenUsage(
                inputTokens: ProviderSupport.int(usage?["prompt_tokens"]) ?? 0,
                outputTokens: ProviderSupport.int(usage?["completion_tokens"]) ?? 0,
                cachedInputTokens: ProviderSupport.int(usage?["prompt_tokens_details"]?["cached_tokens"]) ?? 0),
            model: json["model"]?.stringValue, httpStatus: response.status,
            headers: ProviderSupport.safeHeaders(response.headers))
    }

    /// The message content: a string, or text parts joined (some compatible servers).
    static func content(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: return text
        case .array(let parts)?:
            let texts = parts.compactMap { $0["text"]?.stringValue }
            return texts.isEmpty ? nil : texts.joined()
        default: return nil
        }
    }

    /// Whether `model` names an OpenAI reasoning model, which accepts only the default temperature.
    static func isReasoningModel(_ model: String) -> Bool {
        let name = model.lowercased()
        return ["o1", "o3", "o4", "gpt-5"].contains {
            name == $0 || name.hasPrefix($0 + "-") || name.hasPrefix($0 + ".")
        }
    }

    /// Maps `finish_reason`.
    static func finishReason(_ reason: String?) -> FinishReason {
        switch reason {
        case "stop"?, nil: return .stop
        case "length"?: return .length
        case "content_filter"?: return .contentFilter
        case "tool_calls"?, "function_call"?: return .toolCall
        case let other?: return .other(other)
        }
    }
}

/// Reads OpenAI-style error bodies: `{"error":{"message","type","code"}}`, vLLM's
/// `{"object":"error","message","type","code"}`, `{"error":"text"}` and `{"detail":"text"}`.
/// Shared by ``OpenAIChatProvider`` and ``OpenAIResponsesProvider``.
enum OpenAIErrorBody {
    /// The failure for a non-2xx response.
    static func failure(from response: HTTPResponse, apiKey: String?) -> HTTPFailure {
        var message: String?
        var type: String?
        var code: String?
        if let json = ProviderSupport.jsonObject(response) {
            if case .string(let text)? = json["error"] {
                message = text
            } else if let error = json["error"], error.objectValue != nil {
                message = error["message"]?.stringValue
                type = error["type"]?.stringValue
                code = ProviderSupport.text(error["code"])
            } else if json["object"] == "error" {
                message = json["message"]?.stringValue
                type = json["type"]?.stringValue
                code = ProviderSupport.text(json["code"])
            } else if let detail = json["detail"] {
                message = detail.stringValue ?? detail.serialized()
            }
        }
        let quota = code == "insufficient_quota" || type == "insufficient_quota"
        // Prefer a textual code (`insufficient_quota`, `rate_limit_exceeded`) over the generic type.
        let errorType = code.flatMap { Int($0) == nil ? $0 : nil } ?? type ?? code
        return HTTPFailure(
            status: response.status, errorType: errorType,
            message: ProviderSupport.scrub(message ?? ProviderSupport.fallbackMessage(response), apiKey: apiKey),
            retryAfter: RetryHint.fromHeaders(response.headers, now: Date()),
            shouldRetry: ProviderSupport.shouldRetry(response.headers), quotaExhausted: quota)
    }
}
