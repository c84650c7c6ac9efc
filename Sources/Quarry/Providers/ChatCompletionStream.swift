import Foundation
import QuarrySchema

/// A streamed Chat Completions reply (`"stream": true`) read as it arrives: the content deltas
/// joined, the finish reason, the usage, and — when the reply starts repeating itself — the
/// loop its ``RepetitionDetector`` found, at which point it asks the transport to stop.
///
/// Used by ``OpenAIChatProvider`` when a request carries a ``ExtractionRequest/loopDetector``.
/// A stream stopped early has no usage chunk: the output tokens are then the content deltas
/// counted (one per token on llama.cpp), and the prompt tokens what llama.cpp's
/// `prompt_progress` reported, when it did.
final class ChatCompletionStream: @unchecked Sendable {
    private let lock = NSLock()
    private var parser = ServerSentEventParser()
    private var detector: RepetitionDetector
    private var content = ""
    private var toolArguments = ""
    private var refusal = ""
    private var finishReason: String?
    private var usage: JSONValue?
    private var promptProgress: JSONValue?
    private var model: String?
    private var embeddedError: String?
    private var contentDeltas = 0
    private var sawEvent = false
    private var isDone = false
    private var loop: RepetitionDetector.Loop?

    init(detector: RepetitionDetector) {
        self.detector = detector
    }

    /// Reads received body bytes; `false` once the reply is repeating itself (stop reading).
    func receive(_ bytes: ArraySlice<UInt8>) -> Bool {
        lock.withLock {
            guard loop == nil else { return false }
            for event in parser.feed(bytes) where !apply(event) { return false }
            return true
        }
    }

    /// Applies one event's data; `false` when a loop was detected.
    private func apply(_ data: String) -> Bool {
        sawEvent = true
        guard data != "[DONE]" else {
            isDone = true
            return true
        }
        guard let chunk = try? JSONValue(parsing: data) else { return true }
        if let error = chunk["error"] {
            embeddedError = error["message"]?.stringValue ?? error.serialized()
        }
        if let name = chunk["model"]?.stringValue { model = name }
        if let reported = chunk["usage"], reported.objectValue != nil { usage = reported }
        if let progress = chunk["prompt_progress"], progress.objectValue != nil { promptProgress = progress }
        guard let choice = chunk["choices"]?.arrayValue?.first else { return true }
        if let reason = choice["finish_reason"]?.stringValue { finishReason = reason }
        let delta = choice["delta"]
        if let text = delta?["refusal"]?.stringValue { refusal += text }
        if let arguments = delta?["tool_calls"]?.arrayValue?.first?["function"]?["arguments"]?.stringValue {
            toolArguments += arguments
        }
        guard let text = delta?["content"]?.stringValue, !text.isEmpty else { return true }
        content += text
        contentDeltas += 1
        if let found = detector.append(text) {
            loop = found
            return false
        }
        return true
    }

    /// Whether the body was an event stream at all (a server may ignore `"stream": true`).
    var isEventStream: Bool {
        lock.withLock { sawEvent }
    }

    /// The reply the stream amounts to.
    func reply(status: Int, headers: [String: String], apiKey: String?) throws(ProviderFailure) -> ProviderReply {
        try lock.withLock { () -> Result<ProviderReply, ProviderFailure> in
            if loop == nil, let last = parser.finish() { _ = apply(last) }
            return makeReply(status: status, headers: headers, apiKey: apiKey)
        }.get()
    }

    private func makeReply(status: Int, headers: [String: String], apiKey: String?) -> Result<
        ProviderReply, ProviderFailure
    > {
        if let error = embeddedError {
            return .failure(.malformedBody("an error in the stream: \(ProviderSupport.scrub(error, apiKey: apiKey))"))
        }
        let finish: FinishReason
        if loop != nil {
            finish = .repetition
        } else if let reason = finishReason {
            finish = OpenAIChatProvider.finishReason(reason)
        } else {
            // Neither a finish reason nor a stop of ours: the connection ended mid-reply.
            return .failure(.transport(.connectionLost))
        }
        let refusalText = ProviderSupport.nonEmpty(refusal)
        var tokens = TokenUsage(
            inputTokens: ProviderSupport.int(promptProgress?["total"]) ?? 0,
            outputTokens: contentDeltas,
            cachedInputTokens: ProviderSupport.int(promptProgress?["cache"]) ?? 0)
        if let usage = usage {
            tokens = TokenUsage(
                inputTokens: ProviderSupport.int(usage["prompt_tokens"]) ?? 0,
                outputTokens: ProviderSupport.int(usage["completion_tokens"]) ?? 0,
                cachedInputTokens: ProviderSupport.int(usage["prompt_tokens_details"]?["cached_tokens"]) ?? 0)
        }
        let text: String? =
            !content.isEmpty ? content : (toolArguments.isEmpty ? nil : toolArguments)
        var reply = ProviderReply(
            text: text, finishReason: refusalText != nil ? .refusal : finish, refusal: refusalText, usage: tokens,
            model: model, httpStatus: status, headers: ProviderSupport.safeHeaders(headers))
        reply.repetition = loop
        return .success(reply)
    }
}
