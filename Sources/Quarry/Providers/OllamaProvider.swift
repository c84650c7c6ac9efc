import Foundation
import QuarrySchema

/// Ollama's native chat API (`POST {base}/api/chat`, `stream: false`).
///
/// Constrained requests put the schema in `format`; prompt-only requests send
/// `format: "json"`. The temperature, the output limit (`num_predict`) and the sampling options
/// (`repeat_penalty`, `top_k`, `num_ctx`, ...) go into `options`. For Ollama's
/// OpenAI-compatible `/v1` endpoint use ``OpenAIChatProvider`` instead.
public struct OllamaProvider: HTTPProvider {
    /// The default local server.
    public static let defaultBaseURL = "http://localhost:11434"

    /// `ollama`.
    public var name: String { "ollama" }
    /// The model asked for (`llama3.2`, `qwen2.5:7b`, ...).
    public var model: String
    /// Always `true`: `format` with a JSON schema.
    public var supportsConstrainedDecoding: Bool { true }
    /// The transport used to send requests.
    public var transport: any HTTPTransport
    /// The base URL, without `/api/chat`.
    public var baseURL: String
    /// An optional key for a server behind an authenticating proxy (or Ollama's hosted API).
    var apiKey: String?

    /// Creates an Ollama provider.
    ///
    /// - Parameters:
    ///   - model: The model name.
    ///   - apiKey: Sent as `Authorization: Bearer` when given; a local server needs none, so no
    ///     environment variable is read.
    ///   - baseURL: The server, `http://localhost:11434` by default.
    ///   - transport: How requests are sent; by default sockets for `http://` servers and `URLSession` for `https://` (see ``DefaultTransport``).
    public init(
        model: String, apiKey: String? = nil, baseURL: String = OllamaProvider.defaultBaseURL,
        transport: (any HTTPTransport)? = nil
    ) {
        self.model = model
        self.apiKey = ProviderSupport.nonEmpty(apiKey)
        self.baseURL = baseURL
        self.transport = transport ?? DefaultTransport.forBaseURL(baseURL)
    }

    /// Builds the wire request.
    public func httpRequest(for request: ExtractionRequest) -> HTTPRequest {
        var body = JSONObject()
        body["model"] = .string(model)
        body["messages"] = .array(
            request.messages.map { ["role": .string($0.role.rawValue), "content": .string($0.content)] })
        body["stream"] = false
        body["format"] = request.mode == .constrained ? request.schema : "json"
        var options = JSONObject()
        options["temperature"] = ProviderSupport.number(request.temperature)
        options["num_predict"] = .number(JSONNumber(request.maxOutputTokens))
        ProviderSupport.merge(request.samplingOptions, into: &options)
        body["options"] = .object(options)
        var headers = ProviderSupport.jsonHeaders()
        if let apiKey { headers["authorization"] = "Bearer \(apiKey)" }
        return HTTPRequest(
            url: ProviderSupport.trimmedBase(baseURL) + "/api/chat", headers: headers,
            body: ProviderSupport.body(.object(body), embedding: request.mode == .constrained ? request.schema : nil))
    }

    /// Reads a wire response into a reply or a failure.
    public func reply(from response: HTTPResponse) throws(ProviderFailure) -> ProviderReply {
        guard ProviderSupport.isSuccess(response.status) else {
            let json = ProviderSupport.jsonObject(response)
            let message = json?["error"]?.stringValue ?? ProviderSupport.fallbackMessage(response)
            throw .http(
                HTTPFailure(
                    status: response.status, message: ProviderSupport.scrub(message, apiKey: apiKey),
                    retryAfter: RetryHint.fromHeaders(response.headers, now: Date()),
                    shouldRetry: ProviderSupport.shouldRetry(response.headers)))
        }
        guard let json = ProviderSupport.jsonObject(response) else {
            throw .malformedBody("not a JSON object: \(ProviderSupport.bodyExcerpt(response))")
        }
        guard let content = json["message"]?["content"]?.stringValue else {
            if let error = json["error"]?.stringValue {
                throw .malformedBody("an error in a success response: \(ProviderSupport.scrub(error, apiKey: apiKey))")
            }
            throw .malformedBody("no message.content in the reply")
        }
        let finishReason: FinishReason
        switch json["done_reason"]?.stringValue {
        case "stop"?, nil: finishReason = .stop
        case "length"?: finishReason = .length
        case let other?: finishReason = .other(other)
        }
        return ProviderReply(
            text: content, finishReason: finishReason,
            usage: TokenUsage(
                inputTokens: ProviderSupport.int(json["prompt_eval_count"]) ?? 0,
                outputTokens: ProviderSupport.int(json["eval_count"]) ?? 0),
            model: json["model"]?.stringValue, httpStatus: response.status,
            headers: ProviderSupport.safeHeaders(response.headers))
    }
}
