import Foundation
import Quarry
import QuarrySchema
import Testing

/// The five wire formats, each a real provider pointed at `scripts/fake-provider`.
enum FakeWire: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case openAIChat, openAIResponses, anthropic, gemini, ollama

    var testDescription: String { rawValue }

    /// The provider under test, talking to the fake over real HTTP (`URLSessionTransport`).
    func provider(baseURL: String) -> any Provider {
        let key = FakeProviderEndToEndTests.apiKey
        switch self {
        case .openAIChat: return OpenAIChatProvider(model: "gpt-4.1-mini", apiKey: key, baseURL: baseURL)
        case .openAIResponses: return OpenAIResponsesProvider(model: "gpt-4.1-mini", apiKey: key, baseURL: baseURL)
        case .anthropic: return AnthropicProvider(model: "claude-haiku-4-5", apiKey: key, baseURL: baseURL)
        case .gemini: return GeminiProvider(model: "gemini-2.5-flash", apiKey: key, baseURL: baseURL)
        case .ollama: return OllamaProvider(model: "llama3.2", apiKey: key, baseURL: baseURL)
        }
    }

    /// The path each provider must call.
    var path: String {
        switch self {
        case .openAIChat: return "/v1/chat/completions"
        case .openAIResponses: return "/v1/responses"
        case .anthropic: return "/v1/messages"
        case .gemini: return "/v1beta/models/gemini-2.5-flash:generateContent"
        case .ollama: return "/api/chat"
        }
    }

    /// The header that carries the key (the fake logs its value as `REDACTED`).
    var credentialHeader: String {
        switch self {
        case .openAIChat, .openAIResponses, .ollama: return "authorization"
        case .anthropic: return "x-api-key"
        case .gemini: return "x-goog-api-key"
        }
    }

    /// A 429 step asking for a 2 s wait the way the provider does: Gemini in the body's
    /// `RetryInfo`, the others in a `retry-after` header.
    var rateLimitStep: [String: Any] {
        switch self {
        case .gemini:
            return ["status": 429, "retry_delay": "2s", "message": "Resource has been exhausted (e.g. check quota)."]
        default: return ["status": 429, "headers": ["retry-after": "2"], "message": "Rate limit reached for requests."]
        }
    }
}

/// Records `String(describing:)` of every event.
private final class FakeEventLog: ExtractionObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [String] = []

    var events: [String] { lock.withLock { recorded } }

    func observe(_ event: ExtractionEvent) {
        lock.withLock { recorded.append(String(describing: event)) }
    }
}

/// What one extraction against the fake produced.
private struct FakeRun {
    var outcome: Result<Extraction<JSONValue>, ExtractionError>
    var events: [String]
    var requests: [[String: Any]]
    var elapsed: Duration

    var value: Extraction<JSONValue>? { try? outcome.get() }
    var error: ExtractionError? {
        if case .failure(let error) = outcome { return error }
        return nil
    }
    var attempts: [Attempt] { value?.attempts ?? error?.attempts ?? [] }

    /// Every string a user of Quarry could see or log: attempts, the error's sentence, events.
    var visibleText: [String] {
        var texts = attempts.map { String(describing: $0) }
        texts += events
        if let error { texts += [error.description, String(describing: error)] }
        if let value { texts += [String(describing: value.attempts), String(describing: value.json)] }
        return texts
    }

    /// Every string leaf of the `index`th request body.
    func bodyStrings(_ index: Int) -> [String] {
        guard requests.indices.contains(index) else { return [] }
        return Self.strings(in: requests[index]["body"] as Any)
    }

    static func strings(in value: Any) -> [String] {
        if let text = value as? String { return [text] }
        if let array = value as? [Any] { return array.flatMap(strings(in:)) }
        if let object = value as? [String: Any] { return object.values.flatMap(strings(in:)) }
        return []
    }
}

@Suite(
    "FakeProviderEndToEnd: real providers over HTTP against scripts/fake-provider",
    .enabled(if: FakeProviderServer.isAvailable, "python3 is not on PATH: skipping the fake-provider end-to-end tests")
)
struct FakeProviderEndToEndTests {
    static let apiKey = "sk-test-SECRET-123"

    let schema: Schema = {
        let document: JSONValue = [
            "type": "object", "required": ["total", "currency"], "additionalProperties": false,
            "properties": ["total": ["type": "number", "minimum": 0], "currency": ["enum": ["EUR", "USD"]]],
        ]
        return (try? Schema(compiling: document)) ?? (try! Schema(compiling: true))
    }()

    static var valid: [String: Any] { ["total": 4, "currency": "EUR"] }
    static var invalid: [String: Any] { ["total": -4, "currency": "EUR"] }

    /// The runtime's contract for every wire format alike: no small-model shaping (which the
    /// OpenAI-compatible and Ollama wires would get by default; `RequestShapingTests` covers it).
    static let unshaped = ExtractionPolicy(shaping: .off)

    /// Runs one extraction against a fresh fake server playing `script`, then checks that the
    /// key reached the server (as a redacted header) and appears in nothing Quarry produced.
    private func run(
        _ wire: FakeWire, _ script: [[String: Any]], policy: ExtractionPolicy = Self.unshaped,
        clock: any ExtractionClock = ImmediateClock(), sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) async throws -> FakeRun {
        let log = FakeEventLog()
        let (outcome, elapsed, requests) = try await FakeProviderServer.with(script: script) { server in
            let quarry = Quarry(
                provider: wire.provider(baseURL: server.baseURL), policy: policy, clock: clock, observers: [log])
            let started = ContinuousClock.now
            let outcome: Result<Extraction<JSONValue>, ExtractionError>
            do throws(ExtractionError) {
                outcome = .success(
                    try await quarry.extract("Invoice total: 4 EUR", schema: schema, schemaName: "invoice"))
            } catch {
                outcome = .failure(error)
            }
            let elapsed = ContinuousClock.now - started
            return (outcome, elapsed, try await server.requests())
        }
        let fakeRun = FakeRun(outcome: outcome, events: log.events, requests: requests, elapsed: elapsed)

        for request in requests {
            #expect(request["path"] as? String == wire.path, sourceLocation: sourceLocation)
            let headers = request["headers"] as? [String: String] ?? [:]
            #expect(
                headers[wire.credentialHeader] == "REDACTED", "the key was not sent", sourceLocation: sourceLocation)
        }
        for text in fakeRun.visibleText {
            #expect(!text.contains(Self.apiKey), "the API key leaked: \(text)", sourceLocation: sourceLocation)
        }
        return fakeRun
    }

    // MARK: (a) corrective loop, (g) usage

    @Test("(a) an invalid reply is corrected with pointer errors on attempt 2", arguments: FakeWire.allCases)
    func correctsAnInvalidReply(_ wire: FakeWire) async throws {
        let run = try await run(
            wire,
            [
                ["reply": Self.invalid, "usage": ["input_tokens": 100, "output_tokens": 20]],
                ["reply": Self.valid, "usage": ["input_tokens": 140, "output_tokens": 12]],
            ])
        let result = try #require(run.value, "failed: \(run.error.map(\.description) ?? "")")
        #expect(result.value == ["total": 4, "currency": "EUR"])
        #expect(result.attempts.count == 2)
        #expect(result.attempts.map(\.isCorrection) == [false, true])
        #expect(result.attempts[0].errors.map(\.keyword) == ["minimum"])
        #expect(run.requests.count == 2)
        let line = "/total: -4 is less than the minimum of 0 (schema /properties/total/minimum)"
        #expect(run.bodyStrings(1).contains { $0.contains(line) }, "second request: \(run.bodyStrings(1))")
        #expect(!run.bodyStrings(0).contains { $0.contains("(schema /properties/total/minimum)") })
        // The previous (invalid) reply is sent back as the model's turn.
        #expect(run.bodyStrings(1).contains { $0.contains("-4") && !$0.contains("minimum") })
        // (g) every attempt's tokens are in the usage.
        #expect(result.usage == TokenUsage(inputTokens: 240, outputTokens: 32))
        #expect(result.usage == result.attempts.reduce(TokenUsage.zero) { $0 + $1.usage })
        #expect(result.attempts.map(\.usage.totalTokens) == [120, 152])
    }

    @Test(
        "(g) usage sums every attempt across faults, a correction and a truncation retry", arguments: FakeWire.allCases)
    func usageSumsEveryAttempt(_ wire: FakeWire) async throws {
        let run = try await run(
            wire,
            [
                ["status": 500],
                ["reply": Self.invalid, "usage": ["input_tokens": 100, "output_tokens": 20]],
                ["truncated": #"{"total": 4, "curr"#, "usage": ["input_tokens": 150, "output_tokens": 2048]],
                ["reply": Self.valid, "usage": ["input_tokens": 160, "output_tokens": 12]],
            ])
        let result = try #require(run.value, "failed: \(run.error.map(\.description) ?? "")")
        #expect(run.requests.count == 4)
        #expect(result.attempts.count == 4)
        #expect(result.attempts.map(\.httpStatus) == [500, 200, 200, 200])
        #expect(result.attempts[2].finishReason == .length)
        #expect(result.attempts[3].maximumOutputTokens == 2 * result.attempts[2].maximumOutputTokens)
        #expect(result.usage == TokenUsage(inputTokens: 410, outputTokens: 2_080))
        #expect(result.usage == result.attempts.reduce(TokenUsage.zero) { $0 + $1.usage })
    }

    // MARK: (b) rate limit with a server hint

    @Test(
        "(b) 429 with a 2 s hint waits exactly 2 s on the injected clock, then succeeds", arguments: FakeWire.allCases)
    func honoursTheRateLimitHint(_ wire: FakeWire) async throws {
        let clock = ImmediateClock()
        let run = try await run(wire, [wire.rateLimitStep, ["reply": Self.valid]], clock: clock)
        let result = try #require(run.value, "failed: \(run.error.map(\.description) ?? "")")
        #expect(result.value == ["total": 4, "currency": "EUR"])
        #expect(clock.sleeps == [.seconds(2)])
        #expect(run.requests.count == 2)
        #expect(result.attempts.map(\.httpStatus) == [429, 200])
        #expect(run.events.contains { $0.contains("retryScheduled") })
    }

    // MARK: (c) request rejected

    @Test("(c) 400 fails at once with requestRejected and the provider's message", arguments: FakeWire.allCases)
    func failsAtOnceOnABadRequest(_ wire: FakeWire) async throws {
        let clock = ImmediateClock()
        let message = "Invalid schema for response_format 'invoice': 'minimum' is not permitted."
        let run = try await run(wire, [["status": 400, "message": message], ["reply": Self.valid]], clock: clock)
        guard case .requestRejected(let status, let received, let attempts)? = run.error else {
            Issue.record("expected requestRejected, got \(String(describing: run.outcome))")
            return
        }
        #expect(status == 400)
        #expect(received.contains(message))
        #expect(attempts.count == 1)
        #expect(run.requests.count == 1)
        #expect(clock.sleeps.isEmpty)
    }

    // MARK: (d) refusal, content filter, blocked prompt

    @Test("(d) a refusal fails typed without a retry", arguments: FakeWire.allCases)
    func refusalFailsTyped(_ wire: FakeWire) async throws {
        let sentence = "I can't help with that."
        let run = try await run(wire, [["refusal": sentence], ["reply": Self.valid]])
        switch (wire, run.error) {
        case (.gemini, .contentFiltered(let attempts)?):
            #expect(attempts.count == 1)
            #expect(run.requests.count == 1)
        case (.openAIChat, .refused(let said, let attempts)?), (.openAIResponses, .refused(let said, let attempts)?),
            (.anthropic, .refused(let said, let attempts)?):
            #expect(said == sentence)
            #expect(attempts.count == 1)
            #expect(run.requests.count == 1)
        case (.ollama, _):
            // Ollama's wire has no refusal signal: the sentence is plain text, not JSON, so the
            // corrective loop asks again (and here gets the valid reply).
            #expect(run.value?.value == ["total": 4, "currency": "EUR"])
            #expect(run.requests.count == 2)
            #expect(run.attempts.first?.failure?.hasPrefix("not JSON") == true)
        default:
            Issue.record("unexpected outcome for \(wire): \(String(describing: run.outcome))")
        }
    }

    @Test("(d) a blocked prompt fails typed without a retry", arguments: FakeWire.allCases)
    func blockedPromptFailsTyped(_ wire: FakeWire) async throws {
        let run = try await run(wire, [["blocked": "SAFETY"], ["reply": Self.valid]])
        #expect(run.requests.count == 1)
        switch (wire, run.error) {
        case (.gemini, .promptBlocked(let reason, let attempts)?):
            #expect(reason.contains("SAFETY"))
            #expect(attempts.count == 1)
        case (.gemini, _):
            Issue.record("expected promptBlocked, got \(String(describing: run.outcome))")
        case (_, .requestRejected(let status, _, _)?):
            #expect(status == 400)
        default:
            Issue.record("expected requestRejected, got \(String(describing: run.outcome))")
        }
    }

    // MARK: (e) dropped connections

    @Test(
        "(e) a dropped connection is retried and then succeeds",
        arguments: FakeWire.allCases, ["drop_connection", "drop_mid_body"])
    func retriesADroppedConnection(_ wire: FakeWire, fault: String) async throws {
        let clock = ImmediateClock()
        let run = try await run(wire, [[fault: true], ["reply": Self.valid]], clock: clock)
        let result = try #require(run.value, "failed: \(run.error.map(\.description) ?? "")")
        #expect(result.value == ["total": 4, "currency": "EUR"])
        #expect(run.requests.count == 2)
        #expect(result.attempts.count == 2)
        #expect(result.attempts[0].failure != nil)
        #expect(result.attempts[0].usage == .zero)
        #expect(clock.sleeps.count == 1)
    }

    @Test(
        "(e) connection faults that outlast the retries fail with transportFailed",
        arguments: [FakeWire.openAIChat, .gemini])
    func persistentDropsFail(_ wire: FakeWire) async throws {
        let clock = ImmediateClock()
        let run = try await run(wire, [["drop_connection": true]], clock: clock)
        guard case .transportFailed(_, let attempts)? = run.error else {
            Issue.record("expected transportFailed, got \(String(describing: run.outcome))")
            return
        }
        #expect(attempts.count == 3)  // first try + 2 retries (BackoffPolicy default)
        #expect(run.requests.count == 3)
        #expect(clock.sleeps.count == 2)
    }

    // MARK: (f) deadline

    @Test("(f) a server that never sends headers ends at the deadline, not after 30 s", arguments: FakeWire.allCases)
    func deadlineBeatsSlowHeaders(_ wire: FakeWire) async throws {
        let run = try await run(
            wire, [["slow_headers": 30, "reply": Self.valid]],
            policy: ExtractionPolicy(deadline: .seconds(1), shaping: .off),
            clock: SystemClock())
        guard case .deadlineExceeded(let deadline, _)? = run.error else {
            Issue.record("expected deadlineExceeded, got \(String(describing: run.outcome))")
            return
        }
        #expect(deadline == .seconds(1))
        #expect(run.elapsed < .seconds(15), "took \(run.elapsed)")
        #expect(run.requests.count == 1)
    }

    // MARK: More of the classification table, over the wire

    @Test("529 and 503 are retried; a hint beyond the cap fails as rateLimited", arguments: FakeWire.allCases)
    func retriesOverloadAndCapsLongHints(_ wire: FakeWire) async throws {
        let clock = ImmediateClock()
        let run = try await run(wire, [["status": 529], ["status": 503], ["reply": Self.valid]], clock: clock)
        #expect(run.value?.value == ["total": 4, "currency": "EUR"], "\(String(describing: run.error))")
        #expect(run.requests.count == 3)
        #expect(clock.sleeps.count == 2)

        var long = wire.rateLimitStep
        long["headers"] = ["retry-after": "3600"]
        if wire == .gemini { long["retry_delay"] = "3600s" }
        let capped = try await self.run(wire, [long, ["reply": Self.valid]])
        guard case .rateLimited(let hint, _, _)? = capped.error else {
            Issue.record("expected rateLimited, got \(String(describing: capped.outcome))")
            return
        }
        #expect(hint == .seconds(3600))
        #expect(capped.requests.count == 1)
    }

    @Test("an exhausted quota fails at once", arguments: [FakeWire.openAIChat, .openAIResponses, .gemini])
    func exhaustedQuotaFailsAtOnce(_ wire: FakeWire) async throws {
        let step: [String: Any] =
            wire == .gemini
            ? [
                "status": 429, "quota_id": "GenerateRequestsPerDayPerProjectPerModel-FreeTier", "retry_delay": "20s",
                "message": "You exceeded your current quota.",
            ]
            : [
                "status": 429, "code": "insufficient_quota", "type": "insufficient_quota",
                "message": "You exceeded your current quota, please check your plan and billing details.",
            ]
        let run = try await run(wire, [step, ["reply": Self.valid]])
        guard case .quotaExhausted(let message, _)? = run.error else {
            Issue.record("expected quotaExhausted, got \(String(describing: run.outcome))")
            return
        }
        #expect(message.contains("exceeded your current quota"))
        #expect(run.requests.count == 1)
    }

    @Test("a reply truncated twice fails with truncated; non-JSON text is corrected", arguments: FakeWire.allCases)
    func truncationAndNonJSON(_ wire: FakeWire) async throws {
        let truncated = try await run(wire, [["truncated": #"{"total": 4, "cur"#]])
        guard case .truncated(let attempts)? = truncated.error else {
            Issue.record("expected truncated, got \(String(describing: truncated.outcome))")
            return
        }
        #expect(attempts.count == 2)
        #expect(truncated.requests.count == 2)

        let prose = try await self.run(wire, [["text": "Sure! The total is 4 euros."], ["reply": Self.valid]])
        #expect(prose.value?.value == ["total": 4, "currency": "EUR"], "\(String(describing: prose.error))")
        #expect(prose.requests.count == 2)
        #expect(prose.bodyStrings(1).contains { $0.contains("not valid JSON") })
    }

    // MARK: Secrets

    @Test("the API key appears in no attempt, error or event, whatever happens", arguments: FakeWire.allCases)
    func apiKeyNeverLeaks(_ wire: FakeWire) async throws {
        let echo = "Incorrect API key provided: \(Self.apiKey). You can find your API key in your account settings."
        let scripts: [[[String: Any]]] = [
            [["reply": Self.invalid], ["text": "not json at all"], ["reply": Self.valid]],
            [wire.rateLimitStep, ["status": 529], ["drop_connection": true], ["reply": Self.valid]],
            [["status": 401, "message": echo]],
            [["status": 403, "message": "key \(Self.apiKey) is not allowed"]],
            [["status": 500, "message": "internal error for \(Self.apiKey)"]],
            [["refusal": "I can't help with that."]],
            [["blocked": "SAFETY"]],
            [["truncated": #"{"total": 1"#]],
        ]
        var collected: [String] = []
        var sawFailure = false
        var sawSuccess = false
        for script in scripts {
            let run = try await run(wire, script)
            collected += run.visibleText
            sawFailure = sawFailure || run.error != nil
            sawSuccess = sawSuccess || run.value != nil
            let log = run.requests.map { String(describing: $0) }.joined()
            #expect(!log.contains(Self.apiKey), "the fake logged the key unredacted")
        }
        #expect(sawFailure && sawSuccess)
        #expect(collected.count > 20)
        let leaks = collected.filter { $0.contains(Self.apiKey) }
        #expect(leaks.isEmpty, "the API key appears in: \(leaks)")
        // The provider's own message still reaches the error (redacted), so the check is not vacuous.
        #expect(collected.contains { $0.contains("Incorrect API key provided: REDACTED") })
    }
}
