import Foundation
import QuarryEvals
import QuarrySchema
import Testing

@Suite("Case files")
struct CaseFileTests {
    @Test func malformedLinesAreReportedWithFileAndLineAndTheRestStillParse() {
        let text = """
            {"id": "ok-1", "input": "Total 3", "expected": {"total": 3}}

            {"id": "broken", "input": "x", "expected": {"total": 3}
            ["not", "an", "object"]
            {"id": "no-input", "expected": {}}
            {"id": "typo", "input": "x", "expected": {}, "critcal": ["/total"]}
            {"id": "bad-pointer", "input": "x", "expected": {}, "critical": ["total"]}
            {"id": "ok-1", "input": "again", "expected": {}}
            {"id": "ok-2", "input": {"file": "inputs/a.txt"}, "expected": {"total": 4}, "tags": ["t"], "critical": ["/total"], "partial": true, "truncate": {"max_tokens": 10, "keep": "head_and_tail"}}
            """
        let file = CaseFileParser().parse(text, file: "schemas/x.cases.jsonl")
        #expect(file.cases.map(\.id) == ["ok-1", "ok-2"])
        #expect(file.cases[1].input == .file("inputs/a.txt"))
        #expect(file.cases[1].truncation == TruncationRule(maxTokens: 10, keep: .headAndTail))
        #expect(file.cases[1].source.description == "schemas/x.cases.jsonl:9")
        let lines = file.problems.map(\.line)
        #expect(lines == [3, 4, 5, 6, 7, 8])
        let messages = file.problems.map(\.description)
        #expect(messages[0].hasPrefix("schemas/x.cases.jsonl:3:"))
        #expect(messages[0].contains("not valid JSON"))
        #expect(messages[1] == "schemas/x.cases.jsonl:4: error: a case must be a JSON object, not array")
        #expect(messages[2].contains("no 'input'"))
        #expect(messages[3].contains("unknown key 'critcal'"))
        #expect(messages[4].contains("not a JSON pointer"))
        #expect(messages[5].contains("duplicate case id 'ok-1' (first used on line 1)"))
    }

    @Test func windowsLineEndingsKeepLineNumbers() {
        let file = CaseFileParser().parse(
            "{\"id\": \"a\", \"input\": \"x\", \"expected\": {}}\r\nnope\r\n", file: "f.jsonl")
        #expect(file.cases.count == 1)
        #expect(file.problems.map(\.line) == [2])
    }

    @Test func invalidExpectedDocumentsAndMissingInputsAreCaseProblems() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(
            "s.schema.json", #"{"type": "object", "required": ["total"], "properties": {"total": {"type": "number"}}}"#)
        try directory.write(
            "s.cases.jsonl",
            """
            {"id": "fine", "input": "Total 1", "expected": {"total": 1}}
            {"id": "invalid", "input": "Total 2", "expected": {"total": "2"}}
            {"id": "partial-ok", "input": "Total 2", "expected": {}, "partial": true}
            {"id": "missing-file", "input": {"file": "nope.txt"}, "expected": {"total": 1}}
            """)
        let suite = try EvalSuite.load(schemaPath: directory.path("s.schema.json"))
        #expect(suite.cases.map(\.id) == ["fine", "partial-ok", "missing-file"])
        #expect(suite.caseFile.problems.count == 1)
        #expect(suite.caseFile.problems[0].line == 2)
        #expect(suite.caseFile.problems[0].message.contains("not valid against the schema"))
        let runner = EvalRunner(extractor: FixedExtractor(replies: ["Total 1": ["total": 1]]))
        let result = await runner.run(suite)
        #expect(result.cases.map(\.id) == ["fine", "partial-ok", "missing-file"])
        #expect(result.cases[0].passed)
        #expect(result.caseErrors.count == 1)
        #expect(result.caseErrors[0].contains("s.cases.jsonl:4"))
        #expect(result.caseErrors[0].contains("cannot read the input file"))
        let verdict = Gate().evaluate(result, against: nil)
        #expect(!verdict.passed)
        #expect(verdict.failures.count == 2)
    }

    @Test func suitesAreTheSchemasWithCasesBesideThem() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("a.schema.json", "{}")
        try directory.write("a.cases.jsonl", "")
        try directory.write("b.schema.json", "{}")
        let found = try SuitePaths.discover(directory.url.path)
        #expect(found.map(\.name) == ["a"])
        let paths = try #require(found.first)
        #expect(paths.cases.hasSuffix("/a.cases.jsonl"))
        #expect(paths.cassette.hasSuffix("/a.cases.cassette.json"))
        #expect(paths.baseline.hasSuffix("/a.baseline.json"))
        #expect(paths.scoring.hasSuffix("/a.eval.json"))
        #expect(try SuitePaths.discover(directory.path("b.schema.json")).map(\.name) == ["b"])
        #expect(throws: EvalError.self) { try SuitePaths.discover(directory.path("missing")) }
        #expect(SuitePaths(schema: "invoice.schema.json").cases == "invoice.cases.jsonl")
    }

    @Test func truncationIsDeterministicAndRecorded() {
        // "Hello," = 2 + 1, "world" = 2, "12345" = 2, the line break 1: 8 tokens.
        #expect(TokenEstimator().count("Hello, world 12345\n") == 8)
        let text = (1...50).map { "line \($0) of the statement" }.joined(separator: "\n")
        let total = TokenEstimator().count(text)
        let head = TruncationRule(maxTokens: 40).apply(to: text)
        #expect(head.1?.originalTokens == total)
        #expect((head.1?.keptTokens ?? 99) <= 40)
        #expect(TokenEstimator().count(head.0) == head.1?.keptTokens)
        #expect(text.hasPrefix(head.0))
        let both = TruncationRule(maxTokens: 60, keep: .headAndTail).apply(to: text)
        #expect(both.0.hasPrefix("line 1 of"))
        #expect(both.0.hasSuffix("line 50 of the statement"))
        #expect(both.0.contains("tokens omitted"))
        #expect((both.1?.keptTokens ?? 99) <= 60)
        #expect(TruncationRule(maxTokens: 60, keep: .headAndTail).apply(to: text) == both)
        #expect(TruncationRule(maxTokens: 10_000).apply(to: text).1 == nil)
    }
}
