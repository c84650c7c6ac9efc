import Foundation
import Quarry
import QuarrySchema

/// A provider that plays scripted outcomes and records the requests it got.
final class ScriptedProvider: Provider, @unchecked Sendable {
    enum Step {
        case reply(ProviderReply)
        case failure(ProviderFailure)
    }

    let name: String
    let model: String
    let supportsConstrainedDecoding = true
    /// Like llama.cpp's server when named `openai-compatible` or `local`.
    var acceptsGrammar: Bool { ["openai-compatible", "local"].contains(name) }
    private let lock = NSLock()
    private var steps: [Step]
    private var received: [ExtractionRequest] = []

    init(name: String = "scripted", model: String = "gpt-4.1-mini", _ steps: [Step]) {
        self.name = name
        self.model = model
        self.steps = steps
    }

    var requests: [ExtractionRequest] { lock.withLock { received } }

    func complete(_ request: ExtractionRequest) async throws(ProviderFailure) -> ProviderReply {
        let step: Step? = lock.withLock {
            received.append(request)
            return steps.isEmpty ? nil : (steps.count > 1 ? steps.removeFirst() : steps[0])
        }
        switch step {
        case .reply(let reply)?: return reply
        case .failure(let failure)?: throw failure
        case nil: throw .malformedBody("script is empty")
        }
    }

    static func text(_ text: String, input: Int = 100, output: Int = 20, finish: FinishReason = .stop) -> Step {
        .reply(
            ProviderReply(text: text, finishReason: finish, usage: TokenUsage(inputTokens: input, outputTokens: output))
        )
    }

    static func status(_ status: Int, retryAfter: Duration? = nil, message: String = "error", quota: Bool = false)
        -> Step
    {
        .failure(.http(HTTPFailure(status: status, message: message, retryAfter: retryAfter, quotaExhausted: quota)))
    }
}

/// Records every event's description.
final class RecordingObserver: ExtractionObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [String] = []

    var events: [String] { lock.withLock { recorded } }

    func observe(_ event: ExtractionEvent) {
        lock.withLock { recorded.append(String(describing: event)) }
    }
}
