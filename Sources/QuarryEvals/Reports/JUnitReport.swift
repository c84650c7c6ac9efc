/// The JUnit XML rendering: a test suite per schema and a test case per eval case.
///
/// A case that got worse than the baseline (a critical field regressed, or it passed before
/// and fails now) is a `<failure>`; a case that could not run is an `<error>`; a case that fails
/// but did no worse than the baseline is `<skipped>` with the reason, so CI lists it without
/// failing; a passing case is a plain test case. A failing gate adds a `gate` test case with
/// the reasons.
struct JUnitReport {
    let report: EvalReport

    func render() -> String {
        var body: [String] = []
        var totals = (tests: 0, failures: 0, errors: 0, skipped: 0)
        for suite in report.suites {
            var cases: [String] = []
            var counts = (tests: 0, failures: 0, errors: 0, skipped: 0)
            let className = "quarry.eval." + suite.result.name
            for caseResult in suite.result.cases {
                counts.tests += 1
                let open =
                    "    <testcase classname=\"\(Escaping.xml(className))\" name=\"\(Escaping.xml(caseResult.id))\""
                    + " file=\"\(Escaping.xml(caseResult.evalCase.source.file))\" line=\"\(caseResult.evalCase.source.line)\""
                let details = Escaping.xml(Self.details(caseResult))
                switch suite.status(of: caseResult) {
                case .passed:
                    cases.append(open + ">\n      <system-out>\(details)</system-out>\n    </testcase>")
                case .failing(let why):
                    counts.skipped += 1
                    cases.append(
                        open + ">\n      <skipped message=\"\(Escaping.xml(why))\"/>\n"
                            + "      <system-out>\(details)</system-out>\n    </testcase>")
                case .regressed(let why):
                    counts.failures += 1
                    cases.append(
                        open
                            + ">\n      <failure message=\"\(Escaping.xml(why))\" type=\"regression\">\(details)</failure>\n"
                            + "    </testcase>")
                case .error(let why):
                    counts.errors += 1
                    cases.append(
                        open + ">\n      <error message=\"\(Escaping.xml(why))\" type=\"error\"/>\n    </testcase>")
                }
            }
            if !suite.verdict.passed {
                counts.tests += 1
                counts.failures += 1
                let reasons = suite.verdict.failures.joined(separator: "\n")
                cases.append(
                    "    <testcase classname=\"\(Escaping.xml(className))\" name=\"gate\">\n"
                        + "      <failure message=\"the gate failed\" type=\"gate\">\(Escaping.xml(reasons))</failure>\n"
                        + "    </testcase>")
            }
            body.append(
                "  <testsuite name=\"\(Escaping.xml(suite.result.name))\" tests=\"\(counts.tests)\" "
                    + "failures=\"\(counts.failures)\" errors=\"\(counts.errors)\" skipped=\"\(counts.skipped)\">")
            body += cases
            body.append("  </testsuite>")
            totals.tests += counts.tests
            totals.failures += counts.failures
            totals.errors += counts.errors
            totals.skipped += counts.skipped
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"quarry eval\" tests=\"\(totals.tests)\" failures=\"\(totals.failures)\" "
            + "errors=\"\(totals.errors)\" skipped=\"\(totals.skipped)\">\n" + body.joined(separator: "\n")
            + "\n</testsuites>\n"
    }

    static func details(_ caseResult: CaseResult) -> String {
        var lines = [
            "F1 \(ReportText.decimal(caseResult.f1, places: 3)), valid: \(caseResult.isValid), "
                + "attempts: \(caseResult.run?.attempts ?? 0), tokens: \(caseResult.run?.usage.totalTokens ?? 0)"
        ]
        if let truncation = caseResult.truncation { lines.append("input \(truncation.summary)") }
        let mistakes = caseResult.mistakes
        for outcome in mistakes.prefix(40) {
            lines.append(
                "\(outcome.pointer): \(outcome.result.rawValue)\(outcome.isCritical ? " (critical)" : ""): expected "
                    + "\(ReportText.value(outcome.expected)), got \(ReportText.value(outcome.actual))")
        }
        if mistakes.count > 40 { lines.append("… and \(mistakes.count - 40) more") }
        return lines.joined(separator: "\n")
    }
}
