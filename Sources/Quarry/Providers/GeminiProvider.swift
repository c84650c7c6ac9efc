import Foundation
import QuarrySchema

/// Google's Gemini API (`POST {base}/v1beta/models/{model}:generateContent`, `x-goog-api-key`).
///
/// The system message becomes `systemInstruction`, assistant turns use the role `model`, and
/// `generationConfig` carries the temperature, `maxOutputTokens`,
/// `responseMimeType: application/json` (both modes) and, in constrained mode,
/// `responseJsonSchema`. Sampling options (`topP`, `topK`, `seed`, ...) go into
/// `generationConfig`.
public struct GeminiProvider: HTTPProvider {
    /// The official endpoint.
    public static let officialBaseURL = "https://generativelanguage.googleapis.com"

    /// `gemini`.
    public var name: String { "gemini" }
    /// The model asked for (without a `models/` prefix).
    public var model: String
    /// Always `true`: `responseJsonSchema`.
    public var supportsConstrainedDecoding: Bool { true }
    /// The transport used to send requests.
    public var transport: any HTTPTransport
    /// The base URL, without `/v1beta/...`.
    public var baseURL: String
    /// The API key.
    var apiKey: String?

    /// Creates a Gemini provider.
    ///
    /// - Parameters:
    ///   - model: The model name (`gemini-2.5-flash`; a `models/` prefix is removed).
    ///   - apiKey: The key; `GEMINI_API_KEY`, then `GOOGLE_API_KEY`, when `nil`.
    ///   - baseURL: The server, `https://generativelanguage.googleapis.com` by default.
    ///   - transport: How requests are sent; by default sockets for `http://` servers and `URLSession` for `https://` (see ``DefaultTransport``).
    public init(
        model: String, apiKey: String? = nil, baseURL: String = GeminiProvider.officialBaseURL,
        transport: (any HTTPTransport)? = nil
    ) {
        self.model = model.hasPrefix("models/") ? String(model.dropFirst("models/".count)) : model
        self.apiKey =
            ProviderSupport.nonEmpty(apiKey) ?? ProviderSupport.environmentValue("GEMINI_API_KEY", "GOOGLE_API_KEY")
        self.baseURL = baseURL
        self.transport = transport ?? DefaultTransport.forBaseURL(baseURL)
    }

    /// Builds the wire request.
    public func httpRequest(for request: ExtractionRequest) -> HTTPRequest {
        var body = JSONObject()
        if let system = request.systemPrompt { body["systemInstruction"] = ["parts": [["text": .string(system)]]] }
        body["contents"] = .array(
            request.conversation.map { message in
                ["role": message.role == .assistant ? "model" : "user", "parts": [["text": .string(message.content)]]]
            })
        var config = JSONObject()
        config["temperature"] = ProviderSupport.number(request.temperature)
        config["maxOutputTokens"] = .number(JSONNumber(request.maxOutputTokens))
        config["responseMimeType"] = "application/json"
        if request.mode == .constrained { config["responseJsonSchema"] = request.schema }
        ProviderSupport.merge(request.samplingOptions, into: &config)
        body["generationConfig"] = .object(config)
        var headers = ProviderSupport.jsonHeaders()
        if let apiKey { headers["x-goog-api-key"] = apiKey }
        let url = ProviderSupport.trimmedBase(baseURL) + "/v1beta/models/\(model):generateContent"
        return HTTPRequest(
            url: url, headers: headers,
            body: ProviderSupport.body(.object(body), embedding: request.mode == .constrained ? request.schema : nil))
    }

    /// Reads a wire response into a reply or a failure.
    public func reply(from response: HTTPResponse) throws(ProviderFailure) -> ProviderReply {
        guard ProviderSupport.isSuccess(response.status) else { throw .http(failure(from: response)) }
        guard let json = ProviderSupport.jsonObject(response) else {
            throw .malformedBody("not a JSON object: \(ProviderSupport.bodyExcerpt(response))")
        }
        guard let candidate = json["candidates"]?.arrayValue?.first else {
            if let reason = json["promptFeedback"]?["blockReason"]?.stringValue {
                let detail = json["promptFeedback"]?["blockReasonMessage"]?.stringValue
                throw .blockedPrompt(reason: detail.map { "\(reason): \($0)" } ?? reason)
            }
            throw .malformedBody("no candidates in the reply")
        }
        // Thought summaries (`thought: true`) are not the answer.
        let texts = (candidate["content"]?["parts"]?.arrayValue ?? [])
            .filter { $0["thought"] != true }
            .compactMap { $0["text"]?.stringValue }
        let finishReason: FinishReason
        switch candidate["finishReason"]?.stringValue {
        case "STOP"?, nil: finishReason = .stop
        case "MAX_TOKENS"?: finishReason = .length
        case "SAFETY"?, "RECITATION"?, "PROHIBITED_CONTENT"?, "BLOCKLIST"?, "SPII"?, "IMAGE_SAFETY"?:
            finishReason = .contentFilter
        case let other?: finishReason = .other(other)
        }
        let usage = json["usageMetadata"]
        let output =
            (ProviderSupport.int(usage?["candidatesTokenCount"]) ?? 0)
            + (ProviderSupport.int(usage?["thoughtsTokenCount"]) ?? 0)
        return ProviderReply(
            text: texts.isEmpty ? nil : texts.joined(), finishReason: finishReason,
            usage: TokenUsage(
                inputTokens: ProviderSupport.int(usage?["promptTokenCount"]) ?? 0, outputTokens: output,
                cachedInputTokens: ProviderSupport.int(usage?["cachedContentTokenCount"]) ?? 0),
            model: json["modelVersion"]?.stringValue, httpStatus: response.status,
            headers: ProviderSupport.safeHeaders(response.headers))
    }

    /// The failure for a non-2xx response:
    /// `{"error":{"code","status","message","details":[RetryInfo, QuotaFailure, ...]}}`.
    func failure(from response: HTTPResponse) -> HTTPFailure {
        let error = ProviderSupport.jsonObject(response)?["error"]
        var retryAfter: Duration?
        var quotaExhausted = false
        for detail in error?["details"]?.arrayValue ?? [] {
            let type = detail["@type"]?.stringValue ?? ""
            if type.hasSuffix("google.rpc.RetryInfo"), let delay = detail["retryDelay"]?.stringValue {
                retryAfter = RetryHint.fromGoogleDuration(delay)
            } else if type.hasSuffix("google.rpc.QuotaFailure") {
                for violation in detail["violations"]?.arrayValue ?? [] {
                    if violation["quotaId"]?.stringValue?.contains("PerDay") == true { quotaExhausted = true }
                }
            }
        }
        let message = error?["message"]?.stringValue ?? ProviderSupport.fallbackMessage(response)
        return HTTPFailure(
            status: response.status, errorType: error?["status"]?.stringValue,
            message: ProviderSupport.scrub(message, apiKey: apiKey),
            retryAfter: retryAfter ?? RetryHint.fromHeaders(response.headers, now: Date()),
            shouldRetry: ProviderSupport.shouldRetry(response.headers), quotaExhausted: quotaExhausted)
    }
}
