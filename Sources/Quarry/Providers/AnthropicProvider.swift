import Foundation
import QuarrySchema

/// Anthropic's Messages API (`POST {base}/v1/messages`, `anthropic-version: 2023-06-01`).
///
/// Constrained requests use one of two styles (``StructuredOutput``): a forced tool whose
/// `input_schema` is the schema (the reply's `tool_use.input` becomes
/// ``ProviderReply/toolArguments``), or native structured output
/// `output_config: {format: {type: "json_schema", schema}}` (the reply is a text block). Native
/// structured output accepts only part of JSON Schema, so the schema sent in that style has
/// numeric, length and count bounds removed and `additionalProperties: false` on every object;
/// the reply is still validated against the original.
public struct AnthropicProvider: HTTPProvider {
    /// How constrained requests ask for structure.
    public enum StructuredOutput: String, Sendable, Hashable {
        /// A single tool the model must call: `tools` + `tool_choice: {type: "tool", name}`.
        case forcedTool
        /// `output_config.format` with a JSON schema; the reply is JSON text.
        case outputFormat
    }

    /// The official endpoint.
    public static let officialBaseURL = "https://api.anthropic.com"
    /// The API version header value.
    public static let apiVersion = "2023-06-01"

    /// `anthropic`.
    public var name: String { "anthropic" }
    /// The model asked for.
    public var model: String
    /// Always `true`.
    public var supportsConstrainedDecoding: Bool { true }
    /// The transport used to send requests.
    public var transport: any HTTPTransport
    /// The base URL, without `/v1/messages`.
    public var baseURL: String
    /// How constrained requests ask for structure.
    public var structuredOutput: StructuredOutput
    /// The API key.
    var apiKey: String?

    /// Creates a Messages API provider.
    ///
    /// - Parameters:
    ///   - model: The model name (`claude-sonnet-4-5`, ...).
    ///   - apiKey: The key; `ANTHROPIC_API_KEY` when `nil`.
    ///   - baseURL: The server, `https://api.anthropic.com` by default.
    ///   - structuredOutput: The constrained style, ``StructuredOutput/forcedTool`` by default.
    ///   - transport: How requests are sent; by default sockets for `http://` servers and `URLSession` for `https://` (see ``DefaultTransport``).
    public init(
        model: String, apiKey: String? = nil, baseURL: String = AnthropicProvider.officialBaseURL,
        structuredOutput: StructuredOutput = .forcedTool, transport: (any HTTPTransport)? = nil
    ) {
        self.model = model
        self.apiKey = ProviderSupport.nonEmpty(apiKey) ?? ProviderSupport.environmentValue("ANTHROPIC_API_KEY")
        self.baseURL = baseURL
        self.structuredOutput = structuredOutput
        self.transport = transport ?? DefaultTransport.forBaseURL(baseURL)
    }

    /// Builds the wire request.
    public func httpRequest(for request: ExtractionRequest) -> HTTPRequest {
        var body = JSONObject()
        body["model"] = .string(model)
        body["max_tokens"] = .number(JSONNumber(request.maxOutputTokens))
        if let system = request.systemPrompt { body["system"] = .string(system) }
        body["messages"] = .array(
            request.conversation.map { ["role": .string($0.role.rawValue), "content": .string($0.content)] })
        body["temperature"] = ProviderSupport.number(request.temperature)
        var embedded: JSONValue?
        if request.mode == .constrained {
            let toolName = ProviderSupport.wireName(request.schemaName)
            switch structuredOutput {
            case .forcedTool:
                body["tools"] = [
                    [
                        "name": .string(toolName),
                        "description": .string(
                            "Record the data extracted from the input as a \(toolName) object matching the input schema."
                        ),
                        "input_schema": request.schema,
                    ]
                ]
                embedded = request.schema
                body["tool_choice"] = ["type": "tool", "name": .string(toolName)]
            case .outputFormat:
                let schema = SchemaWireCache.document(
                    request.schema, rewrittenFor: .anthropicOutputFormat, by: Self.outputFormatSchema)
                body["output_config"] = ["format": ["type": "json_schema", "schema": schema]]
                embedded = schema
            }
        }
        ProviderSupport.merge(request.samplingOptions, into: &body)
        var headers = ProviderSupport.jsonHeaders()
        headers["anthropic-version"] = Self.apiVersion
        if let apiKey { headers["x-api-key"] = apiKey }
        return HTTPRequest(
            url: ProviderSupport.join(base: baseURL, versionedPath: "/v1/messages"), headers: headers,
            body: ProviderSupport.body(.object(body), embedding: embedded))
    }

    /// Reads a wire response into a reply or a failure.
    public func reply(from response: HTTPResponse) throws(ProviderFailure) -> ProviderReply {
        guard ProviderSupport.isSuccess(response.status) else { throw .http(failure(from: response)) }
        guard let json = ProviderSupport.jsonObject(response) else {
            throw .malformedBody("not a JSON object: \(ProviderSupport.bodyExcerpt(response))")
        }
        if json["type"] == "error" {
            let message = json["error"]?["message"]?.stringValue ?? "no message"
            throw .malformedBody("an error in a success response: \(ProviderSupport.scrub(message, apiKey: apiKey))")
        }
        guard let content = json["content"]?.arrayValue else { throw .malformedBody("no content[] in the reply") }
        var texts: [String] = []
        var toolArguments: JSONValue?
        for block in content {
            switch block["type"]?.stringValue {
            case "text"?: if let text = block["text"]?.stringValue { texts.append(text) }
            case "tool_use"?: if toolArguments == nil { toolArguments = block["input"] }
            default: continue
            }
        }
        let text = texts.isEmpty ? nil : texts.joined()
        var refusal: String?
        let finishReason: FinishReason
        switch json["stop_reason"]?.stringValue {
        case "end_turn"?, "stop_sequence"?, nil: finishReason = toolArguments == nil ? .stop : .toolCall
        case "tool_use"?: finishReason = .toolCall
        case "max_tokens"?, "model_context_window_exceeded"?: finishReason = .length
        case "refusal"?:
            finishReason = .refusal
            refusal = text ?? "the model refused"
        case let other?: finishReason = .other(other)
        }
        let usage = json["usage"]
        return ProviderReply(
            text: finishReason == .refusal ? nil : text, toolArguments: toolArguments, finishReason: finishReason,
            refusal: refusal,
            usage: TokenUsage(
                inputTokens: ProviderSupport.int(usage?["input_tokens"]) ?? 0,
                outputTokens: ProviderSupport.int(usage?["output_tokens"]) ?? 0,
                cachedInputTokens: ProviderSupport.int(usage?["cache_read_input_tokens"]) ?? 0),
            model: json["model"]?.stringValue, httpStatus: response.status,
            headers: ProviderSupport.safeHeaders(response.headers))
    }

    /// The failure for a non-2xx response: `{"type":"error","error":{"type","message"}}`.
    func failure(from response: HTTPResponse) -> HTTPFailure {
        let json = ProviderSupport.jsonObject(response)
        let error = json?["error"]
        let type = error?["type"]?.stringValue
        let message = error?["message"]?.stringValue ?? ProviderSupport.fallbackMessage(response)
        return HTTPFailure(
            status: response.status, errorType: type, message: ProviderSupport.scrub(message, apiKey: apiKey),
            retryAfter: RetryHint.fromHeaders(response.headers, now: Date()),
            shouldRetry: ProviderSupport.shouldRetry(response.headers), quotaExhausted: type == "billing_error")
    }

    /// Keywords native structured output does not support; enforced locally instead.
    static let unsupportedOutputFormatKeywords: Set<String> = [
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength",
        "maxItems", "minProperties", "maxProperties",
    ]

    /// The schema for `output_config.format`: unsupported bounds removed (`minItems` kept only
    /// when 0 or 1), `additionalProperties: false` on every object schema.
    static func outputFormatSchema(_ schema: JSONValue) -> JSONValue {
        switch schema {
        case .array(let values):
            return .array(values.map(outputFormatSchema))
        case .object(let object):
            var result = JSONObject()
            for (key, value) in object {
                if unsupportedOutputFormatKeywords.contains(key) { continue }
                if key == "minItems", let count = value.numberValue?.intValue, count > 1 { continue }
                switch key {
                case "properties", "$defs", "definitions", "patternProperties", "dependentSchemas":
                    var members = JSONObject()
                    for (name, member) in value.objectValue ?? JSONObject() {
                        members[name] = outputFormatSchema(member)
                    }
                    result[key] = .object(members)
                case "items", "additionalItems", "contains", "not", "if", "then", "else", "anyOf", "oneOf", "allOf",
                    "prefixItems", "propertyNames", "unevaluatedItems", "unevaluatedProperties":
                    result[key] = outputFormatSchema(value)
                case "additionalProperties":
                    continue
                default:
                    result[key] = value
                }
            }
            let isObject: Bool
            switch object["type"] {
            case .string(let type)?: isObject = type == "object"
            case .array(let types)?: isObject = types.contains("object")
            default: isObject = object["properties"] != nil
            }
            if isObject { result["additionalProperties"] = false }
            return .object(result)
        default:
            return schema
        }
    }
}
