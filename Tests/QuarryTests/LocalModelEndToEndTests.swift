import Foundation
import Quarry
import QuarrySchema
import Testing

// End-to-end tests against a REAL model: llama.cpp's `llama-server` with SmolLM2-135M-Instruct,
// started by `scripts/local-model` (see scripts/README.md).
//
// They run only when `QUARRY_LOCAL_MODEL_URL` is set; otherwise every test is reported as
// skipped with the `.enabled(if:)` comment below, which says how to enable them:
//
//     scripts/local-model start
//     QUARRY_LOCAL_MODEL_URL=$(scripts/local-model url) swift test --filter LocalModel
//
// A 135M model gets many values wrong, so the tests never demand a correct extraction. They
// demand what the runtime promises: a value valid against the ORIGINAL schema (re-validated
// here, independently of the runtime) or a typed `ExtractionError` that explains why not, and
// attempt records and corrective requests that show what happened. Each test prints its
// attempts, tokens and outcome (`[LocalModel] ...` lines) so they can be quoted.
//
// Time: the suite is serialized (the model server and the tests share 2 cores) and every
// extraction has a deadline: 3 × 40 s (example schemas) + 30 s (corrective loop; a second
// 30 s input only when the first was right at once, i.e. fast) + 40 s (truncation) + 2 × 25 s
// (modes) = 4 minutes at worst, however slow the model; about 2.5 minutes at ~15 tokens/s.
// A deadline that passes is a typed error (`.deadlineExceeded`), so a slow machine makes the
// tests less informative, not red.

/// Where the local model is, and whether the tests run.
enum LocalModel {
    /// `QUARRY_LOCAL_MODEL_URL`, when set and not empty.
    static let url: String? = {
        guard let value = ProcessInfo.processInfo.environment["QUARRY_LOCAL_MODEL_URL"], !value.isEmpty else {
            return nil
        }
        return value
    }()

    /// Whether the tests run.
    static var isEnabled: Bool { url != nil }

    /// The skip message: how to enable the tests.
    static let howToEnable: Comment = """
        QUARRY_LOCAL_MODEL_URL is not set, so the real-model tests are skipped. To run them: \
        `scripts/local-model start`, then \
        `QUARRY_LOCAL_MODEL_URL=$(scripts/local-model url) swift test --filter LocalModel`
        """

    /// The package root (this file is Tests/QuarryTests/LocalModelEndToEndTests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A path relative to the package root.
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The provider under test: the OpenAI-compatible endpoint of `llama-server`.
    static func provider(transport: any HTTPTransport = URLSessionTransport()) -> any Provider {
        OpenAIChatProvider(model: "smollm2", baseURL: url ?? "http://127.0.0.1:9", transport: transport)
    }

    /// Prints a line the note can quote.
    static func log(_ line: String) {
        print("[LocalModel] \(line)")
    }

    /// One line per attempt: number, correction, limit, tokens, finish, errors or failure.
    static func describe(_ attempts: [Attempt]) -> String {
        attempts.map { attempt in
            var parts = [
                "#\(attempt.number)\(attempt.isCorrection ? " (correction)" : "")",
                "mode=\(attempt.mode.rawValue)",
                "max_tokens=\(attempt.maximumOutputTokens)",
                "tokens=\(attempt.usage.inputTokens) in/\(attempt.usage.outputTokens) out",
                "finish=\(attempt.finishReason.map { "\($0)" } ?? "-")",
                "latency=\(attempt.latency)",
            ]
            if let failure = attempt.failure { parts.append("failure=\(failure)") }
            if !attempt.errors.isEmpty {
                parts.append(
                    "errors=\(attempt.errors.count) ["
                        + attempt.errors.prefix(3).map(\.description).joined(separator: "; ")
                        + (attempt.errors.count > 3 ? "; …" : "") + "]")
            } else if attempt.failure == nil {
                parts.append("valid")
            }
            return "    " + parts.joined(separator: " ")
        }.joined(separator: "\n")
    }

    /// Totals over the attempts.
    static func totals(_ attempts: [Attempt]) -> String {
        let usage = attempts.reduce(TokenUsage.zero) { $0 + $1.usage }
        let corrections = attempts.filter(\.isCorrection).count
        return "\(attempts.count) attempts (\(corrections) corrections), \(usage.totalTokens) tokens "
            + "(\(usage.inputTokens) in, \(usage.outputTokens) out)"
    }

    /// The outcome of one extraction, for assertions and the printed record.
    enum Outcome {
        case value(Extraction<JSONValue>)
        case error(ExtractionError)

        var attempts: [Attempt] {
            switch self {
            case .value(let result): return result.attempts
            case .error(let error): return error.attempts
            }
        }
    }

    /// Runs one extraction and prints its record.
    static func extract(
        _ label: String, input: String, schema: Schema, schemaName: String, policy: ExtractionPolicy,
        transport: any HTTPTransport = URLSessionTransport()
    ) async -> Outcome {
        let quarry = Quarry(provider: provider(transport: transport), policy: policy)
        let started = ContinuousClock.now
        let outcome: Outcome
        do {
            outcome = .value(try await quarry.extract(input, schema: schema, schemaName: schemaName))
        } catch {
            outcome = .error(error)
        }
        let elapsed = ContinuousClock.now - started
        switch outcome {
        case .value(let result):
            log("\(label): VALID value after \(totals(result.attempts)), \(elapsed)")
            log("\(label): value \(result.json.serialized(pretty: false).prefix(400))")
        case .error(let error):
            log(
                "\(label): ExtractionError after \(totals(error.attempts)), \(elapsed): \(error.description.prefix(400))"
            )
        }
        log("\(label): attempts\n\(describe(outcome.attempts))")
        return outcome
    }

    /// Checks the promise every test shares: a value valid against the original schema, or a
    /// typed error of a kind a weak-but-reachable model can cause. A transport failure or a
    /// rejected request means the integration (not the model) is broken, so it fails the test.
    static func expectValidOrTypedError(
        _ outcome: Outcome, against schema: Schema, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        switch outcome {
        case .value(let result):
            let revalidated = schema.validate(result.json)
            #expect(
                revalidated.isValid,
                "the runtime returned a value the original schema rejects: \(revalidated.errors.map(\.description))",
                sourceLocation: sourceLocation)
            #expect(result.attempts.last?.isValid == true, sourceLocation: sourceLocation)
            #expect(
                result.usage == result.attempts.reduce(TokenUsage.zero) { $0 + $1.usage },
                sourceLocation: sourceLocation)
        case .error(let error):
            #expect(!error.attempts.isEmpty, "a typed error without attempts: \(error)", sourceLocation: sourceLocation)
            switch error {
            case .invalidAfterAttempts, .truncated, .deadlineExceeded, .budgetExhausted:
                break
            default:
                Issue.record("not a model-quality failure: \(error)", sourceLocation: sourceLocation)
            }
        }
    }
}

/// An `HTTPTransport` that forwards to `URLSessionTransport` and keeps every request body.
final class RequestLoggingTransport: HTTPTransport, @unchecked Sendable {
    private let base: any HTTPTransport
    private let lock = NSLock()
    private var recorded: [HTTPRequest] = []

    init(base: any HTTPTransport = URLSessionTransport()) {
        self.base = base
    }

    /// The requests sent, in order.
    var requests: [HTTPRequest] { lock.withLock { recorded } }

    /// The body text of each request, in order.
    var bodies: [String] { requests.map { String(decoding: $0.body, as: UTF8.self) } }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        lock.withLock { recorded.append(request) }
        return try await base.send(request)
    }

    /// The `messages` of request `index` as (role, content) pairs.
    func messages(ofRequest index: Int) -> [(role: String, content: String)] {
        guard index < requests.count,
            let object = try? JSONSerialization.jsonObject(with: Data(requests[index].body)) as? [String: Any],
            let messages = object["messages"] as? [[String: Any]]
        else { return [] }
        return messages.map { (($0["role"] as? String) ?? "", ($0["content"] as? String) ?? "") }
    }
}

@Suite("LocalModelEndToEnd", .serialized, .timeLimit(.minutes(10)))
struct LocalModelEndToEndTests {
    /// The corrective-loop schema: every constraint here is one llama.cpp's grammar ignores
    /// (`multipleOf`, `minimum` on a number, `uniqueItems`), so only Quarry's validator and
    /// corrective loop can enforce them.
    static let correctiveSchemaText = """
        {
          "type": "object",
          "properties": {
            "amount": {"type": "number", "multipleOf": 0.01, "minimum": 10},
            "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": true, "minItems": 2, "maxItems": 4}
          },
          "required": ["amount", "tags"],
          "additionalProperties": false
        }
        """

    /// A small schema for the request-mode comparison.
    static let contactSchemaText = """
        {
          "type": "object",
          "properties": {
            "name": {"type": "string", "minLength": 1},
            "city": {"type": "string", "minLength": 1},
            "age": {"type": "integer", "minimum": 0, "maximum": 150}
          },
          "required": ["name", "city", "age"],
          "additionalProperties": false
        }
        """

    // MARK: 1. The example schemas

    @Test(
        "Example schemas: a value valid against the original schema, or a typed error",
        .enabled(if: LocalModel.isEnabled, LocalModel.howToEnable),
        arguments: ["invoice", "support-ticket", "resume"])
    func exampleSchema(name: String) async throws {
        let schema = try Schema(contentsOfFile: LocalModel.path("schemas/\(name).schema.json"))
        let input = try String(contentsOfFile: LocalModel.path("schemas/examples/\(name).input.txt"), encoding: .utf8)
        // 3 × 40 s keeps the three schemas at 2 minutes; a slower model (or one that loops
        // until max_tokens) ends in a typed `.deadlineExceeded` or `.truncated`, which the test
        // accepts.
        let policy = ExtractionPolicy(maximumAttempts: 3, deadline: .seconds(40), maximumOutputTokens: 700)
        let outcome = await LocalModel.extract(name, input: input, schema: schema, schemaName: name, policy: policy)
        LocalModel.expectValidOrTypedError(outcome, against: schema)
        // Numbers start at 1 and never go down (a truncation retry shares its attempt's number).
        let numbers = outcome.attempts.map(\.number)
        #expect(numbers.first == 1)
        #expect(zip(numbers, numbers.dropFirst()).allSatisfy { $0 <= $1 })
    }

    // MARK: 2. The corrective loop

    @Test(
        "Corrective loop: constraints the grammar ignores are enforced by validation and corrections",
        .enabled(if: LocalModel.isEnabled, LocalModel.howToEnable))
    func correctiveLoop() async throws {
        let schema = try Schema(text: Self.correctiveSchemaText, file: "corrective.schema.json")
        // The first input tempts all three ignored keywords; the second (used only when the
        // first happened to be right at once) tempts them harder.
        let inputs = [
            "Amount: 3.14159 dollars. Tags: red, red, red",
            "The amount is 0.123456789 dollars (less than one dollar). Tags: red, red, red, red, red, red.",
        ]
        var exercised = false
        for (index, input) in inputs.enumerated() {
            let transport = RequestLoggingTransport()
            // Detailed corrections: this test checks the `(schema <keyword pointer>)` form; small-model
            // concise corrections are the default for local models and are tested in RequestShapingTests.
            let policy = ExtractionPolicy(
                maximumAttempts: 3, deadline: .seconds(30), maximumOutputTokens: 120, correctionStyle: .detailed)
            let label = "corrective input \(index + 1)"
            let outcome = await LocalModel.extract(
                label, input: input, schema: schema, schemaName: "payment", policy: policy, transport: transport)
            LocalModel.expectValidOrTypedError(outcome, against: schema)
            exercised = checkCorrections(outcome, schema: schema, transport: transport, label: label) || exercised
            if exercised { break }
            guard case .value = outcome else {
                // No reply to correct (deadline or truncation on the first attempt): a second
                // input would not fare better.
                LocalModel.log("\(label): no correction was sent (no first reply to correct); loop NOT exercised")
                break
            }
            LocalModel.log("\(label): the model was right at once; the corrective loop was NOT exercised")
        }
        if !exercised {
            LocalModel.log("corrective loop: NOT exercised in this run")
        }
    }

    /// Checks the corrective requests and the attempt records; returns whether a correction was
    /// sent.
    private func checkCorrections(
        _ outcome: LocalModel.Outcome, schema: Schema, transport: RequestLoggingTransport, label: String
    ) -> Bool {
        let attempts = outcome.attempts
        let requests = transport.requests
        // One HTTP request per attempt (no transport retries against a local server).
        #expect(requests.count == attempts.count, "\(requests.count) requests for \(attempts.count) attempts")
        guard requests.count == attempts.count else { return false }

        var corrections = 0
        for (index, attempt) in attempts.enumerated() {
            let isLast = index == attempts.count - 1
            let succeeded: Bool
            if case .value = outcome { succeeded = true } else { succeeded = false }
            if isLast && succeeded {
                #expect(attempt.errors.isEmpty && attempt.failure == nil, "\(label): the last attempt is the valid one")
                continue
            }
            // Every other attempt shows why it was not accepted: its validation errors, or a
            // failure (a reply cut off at the limit, or the deadline) when there was nothing to
            // validate.
            if attempt.failure == nil {
                #expect(!attempt.errors.isEmpty, "\(label): attempt \(attempt.number) has neither errors nor a failure")
            }
            guard !attempt.errors.isEmpty, !isLast else { continue }
            // The NEXT request carries the reply and the errors' pointer lines.
            corrections += 1
            let next = transport.messages(ofRequest: index + 1)
            let body = transport.bodies[index + 1]
            #expect(body.contains("(schema /properties/"), "\(label): request \(index + 2) names no schema pointer")
            #expect(next.count == attempt.messageCount + 2, "\(label): the correction appends reply + errors")
            #expect(next.dropLast().last?.role == "assistant")
            #expect(next.dropLast().last?.content == attempt.rawReply, "\(label): the reply is sent back verbatim")
            #expect(next.last?.role == "user")
            let correction = next.last?.content ?? ""
            for error in attempt.errors.prefix(20) {
                let line = "- \(error.displayedInstanceLocation): \(error.message) (schema \(error.keywordLocation))"
                #expect(correction.contains(line), "\(label): request \(index + 2) lacks the line \(line)")
            }
            #expect(attempts[index + 1].isCorrection)
            LocalModel.log(
                "\(label): request \(index + 2) carried \(attempt.errors.count) error line(s): "
                    + correction.split(separator: "\n").filter { $0.hasPrefix("- ") }.joined(separator: " | "))
        }
        if case .error(.invalidAfterAttempts(let errors, let all)) = outcome {
            #expect(errors == all.last?.errors, "\(label): the error carries the last attempt's errors")
        }
        LocalModel.log("\(label): \(corrections) correction(s) sent")
        return corrections > 0
    }

    // MARK: 3. Truncation

    @Test(
        "Truncation: 8 output tokens on the invoice → .truncated after 8 and 16 tokens",
        .enabled(if: LocalModel.isEnabled, LocalModel.howToEnable))
    func truncation() async throws {
        let schema = try Schema(contentsOfFile: LocalModel.path("schemas/invoice.schema.json"))
        let input = try String(contentsOfFile: LocalModel.path("schemas/examples/invoice.input.txt"), encoding: .utf8)
        // The runtime issue's behaviour (retry once with a larger limit, then fail); recovery of
        // cut-off replies, the default for local models, is tested in `truncationRecovery`.
        let policy = ExtractionPolicy(
            maximumAttempts: 3, deadline: .seconds(40), maximumOutputTokens: 8, truncation: .retryWithLargerLimit)
        let outcome = await LocalModel.extract(
            "truncation", input: input, schema: schema, schemaName: "invoice", policy: policy)
        switch outcome {
        case .value(let result):
            // Unlikely (a valid invoice in 16 tokens), but not wrong.
            #expect(schema.validate(result.json).isValid)
        case .error(.truncated(let attempts)):
            LocalModel.log(
                "truncation: attempt numbers \(attempts.map(\.number)), limits \(attempts.map(\.maximumOutputTokens))")
            #expect(attempts.map(\.maximumOutputTokens) == [8, 16])
            #expect(attempts.allSatisfy { $0.finishReason == .length })
            #expect(attempts.allSatisfy { $0.usage.outputTokens <= $0.maximumOutputTokens })
            #expect(attempts.map(\.isCorrection) == [false, false], "the larger-limit retry is not a correction")
        case .error(.deadlineExceeded(_, let attempts)):
            // Only on a badly overloaded machine (24 output tokens in 40 s); not the runtime's fault.
            LocalModel.log("truncation: NOT checked, the deadline passed first (\(attempts.count) attempts)")
            #expect(attempts.first?.maximumOutputTokens == 8)
        case .error(let error):
            Issue.record("expected .truncated, got: \(error)")
        }
    }

    // MARK: 4. Both request modes

    @Test(
        "Request modes: constrained and prompt-only both give a valid value or a typed error",
        .enabled(if: LocalModel.isEnabled, LocalModel.howToEnable))
    func requestModes() async throws {
        let schema = try Schema(text: Self.contactSchemaText, file: "contact.schema.json")
        let input = "Hi, I'm Lena Fischer, 34 years old, and I live in Hamburg."
        var summary: [String] = []
        for mode in [RequestMode.constrained, .promptOnly] {
            let transport = RequestLoggingTransport()
            let policy = ExtractionPolicy(
                maximumAttempts: 3, deadline: .seconds(25), mode: mode, maximumOutputTokens: 150)
            let outcome = await LocalModel.extract(
                "mode \(mode.rawValue)", input: input, schema: schema, schemaName: "contact", policy: policy,
                transport: transport)
            LocalModel.expectValidOrTypedError(outcome, against: schema)
            #expect(outcome.attempts.allSatisfy { $0.mode == mode })
            // The wire shows the mode: json_schema (grammar) vs json_object plus the schema in
            // the system prompt.
            if let first = transport.bodies.first {
                switch mode {
                case .constrained: #expect(first.contains("\"json_schema\""))
                case .promptOnly:
                    #expect(first.contains("\"json_object\""))
                    #expect(!first.contains("\"json_schema\""))
                    #expect(transport.messages(ofRequest: 0).first?.content.contains("JSON Schema:") == true)
                }
            }
            let result: String
            switch outcome {
            case .value: result = "valid"
            case .error(let error): result = "error (\(String(describing: error).prefix(80)))"
            }
            summary.append("\(mode.rawValue): \(LocalModel.totals(outcome.attempts)) → \(result)")
        }
        LocalModel.log("modes: " + summary.joined(separator: " ; "))
    }

    // MARK: 5. A grammar compiled by Quarry

    @Test(
        "Compiled grammar: llama.cpp takes each example schema's grammar and replies in compact JSON",
        .enabled(if: LocalModel.isEnabled, LocalModel.howToEnable),
        arguments: ["receipt", "invoice", "resume", "support-ticket"])
    func compiledGrammar(name: String) async throws {
        let schema = try Schema(contentsOfFile: LocalModel.path("schemas/\(name).schema.json"))
        let input = try String(contentsOfFile: LocalModel.path("schemas/examples/\(name).input.txt"), encoding: .utf8)
        let transport = RequestLoggingTransport()
        // One short request is enough: what is checked is that the server accepted the grammar
        // (a grammar it cannot parse is answered with HTTP 400) and decoded under it.
        let policy = ExtractionPolicy(
            maximumAttempts: 1, deadline: .seconds(30), maximumOutputTokens: 120, grammarCompilation: .on)
        let outcome = await LocalModel.extract(
            "grammar \(name)", input: input, schema: schema, schemaName: name, policy: policy, transport: transport)
        let body = try #require(transport.bodies.first)
        #expect(body.contains("\"grammar\":\"root ::= "))
        #expect(!body.contains("\"response_format\""))
        let first = try #require(outcome.attempts.first)
        #expect(first.httpStatus == 200, "the server refused the grammar: \(first.failure ?? "")")
        let reply = try #require(first.rawReply)
        #expect(reply.hasPrefix("{\""), "not compact JSON: \(reply.prefix(80))")
        #expect(!reply.contains("\n"), "whitespace the grammar does not allow: \(reply.prefix(80))")
    }
}
