import Foundation
import Quarry
import QuarryEvals
import QuarrySchema
import Testing

/// The gate on a real record-and-replay round trip: a fixture suite is recorded from a stand-in
/// model server into a cassette, replayed offline, turned into a baseline, and then replayed
/// again with some replies changed.
@Suite("Baselines and the gate")
struct GateTests {
    static let schema = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["order", "total", "status", "customer"],
          "properties": {
            "order": {"type": "string"},
            "total": {"type": "number", "minimum": 0},
            "status": {"enum": ["open", "closed"]},
            "customer": {"type": "string"}
          }
        }
        """

    static func input(_ number: Int) -> String {
        "Order \(number): total \(number * 10), open, for Customer \(number)."
    }

    static func reply(_ number: Int, total: Int? = nil, customer: String? = nil) -> String {
        let name = customer ?? "Customer \(number)"
        let amount = total ?? number * 10
        return #"{"order": "O-\#(number)", "total": \#(amount), "status": "open", "customer": "\#(name)"}"#
    }

    /// The stand-in model: right on every case except case 9, whose customer it gets wrong.
    static func model(_ user: String) -> String {
        for number in 1...10 where user == input(number) {
            return number == 9 ? reply(number, customer: "Someone Else") : reply(number)
        }
        return "{}"
    }

    /// Writes a ten-case suite, records it, and returns the directory.
    static func recordedSuite() async throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("order.schema.json", schema)
        let lines = (1...10).map { number in
            #"{"id": "order-\#(number)", "input": "\#(input(number))", "expected": "#
                + #"{"order": "O-\#(number)", "total": \#(number * 10), "status": "open", "customer": "Customer \#(number)"}, "#
                + #""critical": ["/total"]}"#
        }
        try directory.write("order.cases.jsonl", lines.joined(separator: "\n") + "\n")
        let suite = try EvalSuite.load(schemaPath: directory.path("order.schema.json"))
        let recording = try #require(
            EvalBackend.recording(
                providerNamed: "local", baseURL: "http://127.0.0.1:9",
                transport: ChatFunctionTransport(reply: { model($0) })))
        let result = await EvalRunner(extractor: recording.extractor).run(suite)
        #expect(result.caseErrors.isEmpty)
        try recording.save(to: suite.paths.cassette, omitting: suite.schema.document)
        return directory
    }

    static func replay(_ directory: TemporaryDirectory, cassette: Cassette? = nil) async throws -> SuiteResult {
        let suite = try EvalSuite.load(schemaPath: directory.path("order.schema.json"))
        let extractor: QuarryExtractor =
            if let cassette {
                try EvalBackend.replaying(cassette)
            } else {
                try EvalBackend.replaying(cassetteAt: suite.paths.cassette)
            }
        return await EvalRunner(extractor: extractor).run(suite)
    }

    static func baseline(_ directory: TemporaryDirectory) async throws -> (Baseline, Cassette) {
        let result = try await replay(directory)
        let baseline = Baseline(result)
        try baseline.write(to: result.paths.baseline)
        let cassette = try Cassette(contentsOfFile: result.paths.cassette)
        return (try #require(try Baseline.load(path: result.paths.baseline)), cassette)
    }

    @Test func aReplayMatchesItsRecordingAndItsBaselinePasses() async throws {
        let directory = try await Self.recordedSuite()
        defer { directory.remove() }
        let cassetteText = try directory.read("order.cases.cassette.json")
        #expect(!cassetteText.contains("127.0.0.1"))  // eval cassettes keep only the URL path
        // The local server gets a compiled grammar, and the cassette a note in its place.
        #expect(cassetteText.contains("the grammar compiled from the schema; omitted, the key covers it"))
        #expect(!cassetteText.contains("root ::="))
        let (baseline, _) = try await Self.baseline(directory)
        #expect(baseline.cases.count == 10)
        // Case 9: customer wrong, 3 of 4 fields right: F1 0.75 < 0.8, so it fails.
        #expect(baseline.cases.filter(\.passed).map(\.id).count == 9)
        #expect(baseline.baselineCase("order-9")?.fields["/customer"] == .wrong)
        #expect(baseline.counts == FieldCounts(correct: 39, wrong: 1))
        #expect(baseline.model == "local/smollm2")

        let again = try await Self.replay(directory)
        let verdict = Gate().evaluate(again, against: baseline)
        #expect(verdict.passed)
        #expect(verdict.warnings.isEmpty)
        #expect(verdict.pairedTest == McNemarTest(regressions: 0, improvements: 0))
        // Byte-for-byte the same baseline from the same replies.
        #expect(Baseline(again).json.serialized(pretty: true) == baseline.json.serialized(pretty: true))
    }

    @Test func aCriticalFieldFlippingOnOneCaseFails() async throws {
        let directory = try await Self.recordedSuite()
        defer { directory.remove() }
        let (baseline, cassette) = try await Self.baseline(directory)
        let flipped = cassette.replacingReply(forInput: Self.input(3), with: Self.reply(3, total: 31))
        let result = try await Self.replay(directory, cassette: flipped)
        let verdict = Gate().evaluate(result, against: baseline)
        #expect(!verdict.passed)
        #expect(verdict.criticalRegressions.map(\.caseID) == ["order-3"])
        #expect(verdict.criticalRegressions.first?.pointer.description == "/total")
        #expect(verdict.failures.contains { $0.contains("critical field /total regressed on case 'order-3'") })
        // One newly failing case is not significant on its own: the critical check caught it.
        #expect(verdict.pairedTest?.isSignificant == false)
    }

    @Test func aChangeWithinNoisePasses() async throws {
        let directory = try await Self.recordedSuite()
        defer { directory.remove() }
        let (baseline, cassette) = try await Self.baseline(directory)
        // Two cases newly fail on a non-critical field, and case 9 is now right.
        var changed = cassette.replacingReply(forInput: Self.input(1), with: Self.reply(1, customer: "C. One"))
        changed = changed.replacingReply(forInput: Self.input(2), with: Self.reply(2, customer: "C. Two"))
        changed = changed.replacingReply(forInput: Self.input(9), with: Self.reply(9))
        let result = try await Self.replay(directory, cassette: changed)
        let verdict = Gate().evaluate(result, against: baseline)
        #expect(verdict.pairedTest == McNemarTest(regressions: 2, improvements: 1))
        #expect(verdict.passed, "\(verdict.failures)")
        #expect(verdict.criticalRegressions.isEmpty)
    }

    @Test func aSignificantDropFails() async throws {
        let directory = try await Self.recordedSuite()
        defer { directory.remove() }
        let (baseline, cassette) = try await Self.baseline(directory)
        var changed = cassette
        for number in 1...5 {
            changed = changed.replacingReply(forInput: Self.input(number), with: Self.reply(number, customer: "Nobody"))
        }
        let result = try await Self.replay(directory, cassette: changed)
        let verdict = Gate().evaluate(result, against: baseline)
        // b = 5, c = 0: p = 1/32 < 0.05.
        #expect(verdict.pairedTest == McNemarTest(regressions: 5, improvements: 0))
        #expect(!verdict.passed)
        #expect(verdict.failures.contains { $0.contains("overall accuracy dropped") })
        #expect(verdict.fieldRegressions.map(\.field) == ["/customer"])
    }

    @Test func aChangedSchemaHashWarnsAndNamesTheChanges() async throws {
        let directory = try await Self.recordedSuite()
        defer { directory.remove() }
        let (baseline, _) = try await Self.baseline(directory)
        // The new schema adds an optional field; it reaches the model, so re-record.
        let changedSchema = Self.schema.replacingOccurrences(
            of: #""customer": {"type": "string"}"#,
            with: #""customer": {"type": "string"}, "note": {"type": "string"}"#)
        try directory.write("order.schema.json", changedSchema)
        let stale = try await Self.replay(directory)
        #expect(stale.caseErrors.count == 10)
        #expect(stale.caseErrors[0].contains("has no recorded reply"))
        #expect(stale.caseErrors[0].contains("re-record"))
        #expect(!Gate().evaluate(stale, against: baseline).passed)

        _ = try await Self.recordedSuiteRecording(into: directory)
        let result = try await Self.replay(directory)
        let verdict = Gate().evaluate(result, against: baseline)
        #expect(verdict.passed)
        #expect(verdict.schemaChanged)
        #expect(verdict.warnings.contains { $0.hasPrefix("the schema changed since the baseline") })
        #expect(verdict.schemaChanges.map(\.kind) == [.optionalPropertyAdded])
        #expect(verdict.schemaChanges.first?.instancePath == "/note")
    }

    /// Re-records the suite already in `directory` (after a schema change).
    static func recordedSuiteRecording(into directory: TemporaryDirectory) async throws -> SuiteResult {
        let suite = try EvalSuite.load(schemaPath: directory.path("order.schema.json"))
        let recording = try #require(
            EvalBackend.recording(
                providerNamed: "local", baseURL: "http://127.0.0.1:9",
                transport: ChatFunctionTransport(reply: { model($0) })))
        let result = await EvalRunner(extractor: recording.extractor).run(suite)
        try recording.save(to: suite.paths.cassette, omitting: suite.schema.document)
        return result
    }

    @Test func noBaselineWarnsAndPasses() async throws {
        let directory = try await Self.recordedSuite()
        defer { directory.remove() }
        let result = try await Self.replay(directory)
        let verdict = Gate().evaluate(result, against: nil)
        #expect(verdict.passed)
        #expect(verdict.pairedTest == nil)
        #expect(verdict.warnings.contains { $0.hasPrefix("no baseline at") })
    }

    @Test func theHarnessReportsEachCaseAndFlagsTheRegressedOne() async throws {
        let directory = try await Self.recordedSuite()
        defer { directory.remove() }
        let (baseline, cassette) = try await Self.baseline(directory)
        let suite = try EvalSuite.load(schemaPath: directory.path("order.schema.json"))
        let flipped = cassette.replacingReply(forInput: Self.input(4), with: Self.reply(4, total: 0))
        let harness = EvalHarness(suite: suite, baseline: baseline, extractor: try EvalBackend.replaying(flipped))
        var regressed: [String] = []
        var failing: [String] = []
        for evalCase in harness.cases {
            let check = await harness.check(evalCase)
            if check.isRegression { regressed.append(evalCase.id) }
            if case .failing = check.status { failing.append(evalCase.id) }
        }
        #expect(regressed == ["order-4"])
        #expect(failing == ["order-9"])  // failed in the baseline too: reported, not a regression
        let check = await harness.check(harness.cases[3])
        #expect(check.message.contains("REGRESSED"))
        #expect(check.message.contains("/total: wrong"))
    }

    @Test func baselinesRejectForeignFiles() throws {
        #expect(throws: EvalError.self) { try Baseline(json: ["format": 99]) }
        #expect(throws: EvalError.self) { try Baseline(json: "baseline") }
    }
}
