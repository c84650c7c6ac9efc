import Foundation
import QuarryEvals
import QuarrySchema
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Reports")
struct ReportTests {
    /// A two-case suite scored from fixed replies: one perfect, one with a wrong critical field,
    /// an omitted field and an invented one.
    static func report() async throws -> EvalReport {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(
            "r.schema.json",
            #"{"type": "object", "properties": {"total": {"type": "number"}, "who": {"type": "string"}, "note": {"type": "string"}}}"#
        )
        try directory.write(
            "r.cases.jsonl",
            """
            {"id": "good", "input": "a", "expected": {"total": 1, "who": "Ann"}}
            {"id": "bad <&>", "input": "b", "expected": {"total": 2, "who": "Bob"}, "critical": ["/total"], "tags": ["adversarial"]}
            """)
        let suite = try EvalSuite.load(schemaPath: directory.path("r.schema.json"))
        let runner = EvalRunner(
            extractor: FixedExtractor(replies: ["a": ["total": 1, "who": "Ann"], "b": ["total": 3, "note": "</pre>"]]))
        let result = await runner.run(suite)
        var baseline = Baseline(result)
        baseline.cases[1] = Baseline.Case(id: "bad <&>", passed: true, valid: true, f1: 1, fields: ["/total": .correct])
        let verdict = Gate().evaluate(result, against: baseline)
        return EvalReport(suites: [EvalReport.Suite(result: result, baseline: baseline, verdict: verdict)])
    }

    @Test func terminalTableListsWorstFieldsFirst() async throws {
        let report = try await Self.report()
        let text = report.rendered(as: .terminal)
        let lines = text.split(separator: "\n").map(String.init)
        let table = lines.drop { !$0.contains("field") }.dropFirst().prefix(3).map {
            $0.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init) ?? ""
        }
        // /note: 0 correct, 1 invented (F1 0); /total: 1 of 2 (F1 0.5); /who: 1 of 2 with one omitted (F1 0.67).
        #expect(table == ["/note", "/total", "/who"])
        #expect(text.contains("critical field /total regressed on case 'bad <&>'"))
        #expect(text.contains("gate: FAILED"))
        #expect(!report.passed)
    }

    @Test func junitIsWellFormedWithOneTestCasePerEvalCase() async throws {
        let xml = try await Self.report().rendered(as: .junit)
        let parser = XMLParser(data: Data(xml.utf8))
        let collector = TestCaseCollector()
        parser.delegate = collector
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(collector.testCases == ["good", "bad <&>", "gate"])
        #expect(collector.failures == 2)  // the regressed case and the gate
    }

    @Test func markdownAndJSON() async throws {
        let report = try await Self.report()
        let markdown = report.rendered(as: .markdown)
        #expect(markdown.hasPrefix("## Quarry eval: ❌ failed"))
        #expect(markdown.contains("| r | 2 | 1 |"))
        #expect(markdown.contains("**regressed**"))
        let json = try JSONValue(parsing: report.rendered(as: .json))
        #expect(json["passed"] == false)
        let suite = json["suites"]?.arrayValue?.first
        #expect(suite?["counts"]?["correct"] == 2)
        #expect(suite?["case_results"]?.arrayValue?.count == 2)
        #expect(suite?["gate"]?["critical_regressions"]?.arrayValue?.first?["case"] == "bad <&>")
    }

    @Test func htmlIsSelfContainedWithAChartAndTheFailingDiffs() async throws {
        let html = try await Self.report().rendered(as: .html)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg class=\"chart\""))
        #expect(html.components(separatedBy: "<rect ").count - 1 == 5)  // note; total ×2; who ×2
        #expect(html.contains("bad &lt;&amp;&gt;"))
        #expect(!html.contains("</pre>\"") && html.contains("&lt;/pre&gt;"))
        // No scripts and nothing fetched: the only URL is the SVG namespace.
        #expect(!html.contains("<script"))
        let urls = html.components(separatedBy: "http").count - 1
        #expect(urls == 1)
    }

    @Test func reportRequestsParse() {
        #expect(ReportRequest(parsing: "junit:out/eval.xml") == ReportRequest(format: .junit, path: "out/eval.xml"))
        #expect(ReportRequest(parsing: "html:") == nil)
        #expect(ReportRequest(parsing: "pdf:x.pdf") == nil)
        #expect(ReportRequest(parsing: "terminal:x") == nil)
    }
}

/// Collects `testcase` names and counts `failure` elements.
final class TestCaseCollector: NSObject, XMLParserDelegate {
    var testCases: [String] = []
    var failures = 0

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if elementName == "testcase", let name = attributes["name"] { testCases.append(name) }
        if elementName == "failure" { failures += 1 }
    }
}
