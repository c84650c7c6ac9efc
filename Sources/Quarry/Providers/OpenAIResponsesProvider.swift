import Foundation
import QuarrySchema

/// OpenAI's Responses API (`POST {base}/v1/responses`).
///
/// The system message becomes `instructions`, the rest of the conversation `input`.
/// Constrained requests send `text.format: {type: "json_schema", name, schema, strict}` with the
/// schema passed through ``OpenAIStrictSchema/transform(_:)`` when ``strict`` is on; prompt-only
/// requests send `text.format: {type: "json_object"}` when ``supportsJSONObjectMode`` is on.
/// Responses are not stored on OpenAI's side unless ``store`` is set.
public struct OpenAIResponsesProvider: HTTPProvider {
    /// `openai-responses`.
    public var name: String { "openai-responses" }
    /// The model asked for.
    public var model: String
    /// Always `true`: `text.format` with a JSON schema.
    public var supportsConstrainedDecoding: Bool { true }
    /// The transport used to send requests.
    public var transport: any HTTPTransport
    /// The base URL, without the `/v1/...` path (a trailing `/v1` is tolerated).
    public var baseURL: String
    /// Whether constrained requests ask for strict mode and send the strict-transformed schema.
    public var strict: Bool
    /// Whether prompt-only requests ask for `json_object`.
    public var supportsJSONObjectMode: Bool
    /// The request's `store` field: whether OpenAI keeps the response for later retrieval.
    public var store: Bool
    /// Whether requests carry `temperature`. OpenAI's reasoning models (`o1`, `o3`, `o4-mini`,
    /// `gpt-5`, ...) reject any temperature but the default, so it is left out for them.
    public var sendsTemperature: Bool
    /// The API key; `nil` sends no `Authorization` header.
    var apiKey: String?

    /// Creates a Responses API provider.
    ///
    /// - Parameters:
    ///   - model: The model name.
    ///   - apiKey: The key. When `nil`, `OPENAI_API_KEY` is read — only when `baseURL` is
    ///     api.openai.com, so the key never goes to another server by accident.
    ///   - baseURL: The server, `https://api.openai.com` by default.
    ///   - strict: Strict structured outputs; by default on for api.openai.com, off elsewhere.
    ///   - supportsJSONObjectMode: Whether to ask for `json_object` in prompt-only mode.
    ///   - store: The request's `store` field, `false` by default.
    ///   - sendsTemperature: Whether to send `temperature`; by default not for model names that
    ///     start with `o1`, `o3`, `o4` or `gpt-5` (reasoning models reject it).
    ///   - transport: How requests are sent; by default sockets for `http://` servers and `URLSession` for `https://` (see ``DefaultTransport``).
    public init(
        model: String, apiKey: String? = nil, baseURL: String = OpenAIChatProvider.officialBaseURL,
        strict: Bool? = nil, supportsJSONObjectMode: Bool = true, store: Bool = false,
        sendsTemperature: Bool? = nil, transport: (any HTTPTransport)? = nil
    ) {
        self.sendsTemperature = sendsTemperature ?? !OpenAIChatProvider.isReasoningModel(model)
        let official = OpenAIChatProvider.isOfficial(baseURL)
        self.model = model
        self.baseURL = baseURL
        self.apiKey =
            ProviderSupport.nonEmpty(apiKey) ?? (official ? ProviderSupport.environmentValue("OPENAI_API_KEY") : nil)
        self.strict = strict ?? official
        self.supportsJSONObjectMode = supportsJSONObjectMode
        self.store = store
        self.transport = transport ?? DefaultTransport.forBaseURL(baseURL)
    }

    /// Builds the wire request.
    public func httpRequest(for request: ExtractionRequest) -> HTTPRequest {
        var body = JSONObject()
        body["model"] = .string(model)
        if let system = request.systemPrompt { body["instructions"] = .string(system) }
        body["input"] = .array(
            request.conversation.map { ["role": .string($0.role.rawValue), "content": .string($0.content)] })
        if sendsTemperature { body["temperature"] = ProviderSupport.number(request.temperature) }
        body["max_output_tokens"] = .number(JSONNumber(request.maxOutputTokens))
        body["store"] = .bool(store)
        var embedded: JSONValue?
        switch request.mode {
        case .constrained:
            let schema =
                strict
                ? SchemaWireCache.document(
                    request.schema, rewrittenFor: .openAIStrict, by: OpenAIStrictSchema.transform)
                : request.schema
            embedded = schema
            body["text"] = [
                "format": [
                    "type": "json_schema", "name": .string(ProviderSupport.wireName(request.schemaName)),
                    "schema": schema, "strict": .bool(strict),
                ]
            ]
        case .promptOnly:
            if supportsJSONObjectMode { body["text"] = ["format": ["type": "json_object"]] }
        }
        ProviderSupport.merge(request.samplingOptions, into: &body)
        var headers = ProviderSupport.jsonHeaders()
        if let apiKey { headers["authorization"] = "Bearer \(apiKey)" }
        return HTTPRequest(
            url: ProviderSupport.join(base: baseURL, versionedPath: "/v1/responses"), headers: headers,
            body: ProviderSupport.body(.object(body), embedding: embedded))
    }

    /// Reads a wire response into a reply or a failure.
    public func reply(from response: HTTPResponse) throws(ProviderFailure) -> ProviderReply {
        guard ProviderSupport.isSuccess(response.status) else {
            throw .http(OpenAIErrorBody.failure(from: response, apiKey: apiKey))
        }
        guard let json = ProviderSupport.jsonObject(response), let status = json["status"]?.stringValue else {
            throw .malformedBody("no response status: \(ProviderSupport.bodyExcerpt(response))")
        }
        let finishReason: FinishReason
        switch status {
        case "completed":
            finishReason = .stop
        case "incomplete":
            switch json["incomplete_details"]?["reason"]?.stringValue {
            case "max_output_tokens"?: finishReason = .length
            case "content_filter"?: finishReason = .contentFilter
            case let other?: finishReason = .other(other)
            case nil: finishReason = .other("incomplete")
            }
        case "failed":
            let message = json["error"]?["message"]?.stringValue ?? "no message"
            throw .malformedBody("the response failed: \(ProviderSupport.scrub(message, apiKey: apiKey))")
        default:
            throw .malformedBody("the response is \(status), not completed")
        }
        guard let output = json["output"]?.arrayValue else { throw .malformedBody("no output[] in the reply") }
        var texts: [String] = []
        var refusals: [String] = []
        for item in output where item["type"] == "message" {
            for part in item["content"]?.arrayValue ?? [] {
                switch part["type"]?.stringValue {
                case "output_text"?: if let text = part["text"]?.stringValue { texts.append(text) }
                case "refusal"?: if let refusal = part["refusal"]?.stringValue { refusals.append(refusal) }
                default: continue
                }
            }
        }
        let refusal = refusals.isEmpty ? nil : refusals.joined(separator: "\n")
        let usage = json["usage"]
        return ProviderReply(
            text: texts.isEmpty ? nil : texts.joined(), finishReason: refusal == nil ? finishReason : .refusal,
            refusal: refusal,
            usage: TokenUsage(
                inputTokens: ProviderSupport.int(usage?["input_tokens"]) ?? 0,
                outputTokens: ProviderSupport.int(usage?["output_tokens"]) ?? 0,
                cachedInputTokens: ProviderSupport.int(usage?["input_tokens_details"]?["cached_tokens"]) ?? 0),
            model: json["model"]?.stringValue, httpStatus: response.status,
            headers: ProviderSupport.safeHeaders(response.headers))
    }
}
