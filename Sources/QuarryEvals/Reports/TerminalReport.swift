/// The terminal rendering: per schema a summary line, the per-field table worst first
/// (critical fields marked `!`), truncated inputs, the gate's verdict, warnings and errors.
struct TerminalReport {
    let report: EvalReport

    func render() -> String {
        var lines: [String] = []
        for error in report.loadErrors { lines.append(error) }
        for suite in report.suites {
            if !lines.isEmpty { lines.append("") }
            lines += render(suite)
        }
        lines.append("")
        let failed = report.suites.filter { !$0.verdict.passed }.map(\.result.name)
        if report.passed {
            lines.append("quarry eval: \(report.suites.count) schema(s), gate passed")
        } else {
            let names = failed.isEmpty ? "" : ": " + failed.joined(separator: ", ")
            lines.append("quarry eval: gate FAILED\(names)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func render(_ suite: EvalReport.Suite) -> [String] {
        let result = suite.result
        var lines: [String] = []
        let unreadable = result.problems.isEmpty ? "" : ", \(result.problems.count) unreadable line(s)"
        lines.append(
            "\(result.name) (\(result.paths.cases)): \(result.cases.count) cases\(unreadable), \(result.model)")
        lines.append("  " + ReportText.summary(result))
        let scores = result.fieldScores
        if !scores.isEmpty {
            let width = min(max(scores.map { $0.field.count + ($0.isCritical ? 2 : 0) }.max() ?? 5, 5) + 2, 52)
            let header =
                "  " + pad("field", width) + left("correct", 8) + left("wrong", 7) + left("omitted", 8)
                + left("invented", 9) + left("P", 7) + left("R", 7) + left("F1", 7) + "  compared"
            lines.append(header)
            for score in scores {
                let name = score.field + (score.isCritical ? " !" : "")
                let counts = score.counts
                lines.append(
                    "  " + pad(name, width) + left("\(counts.correct)", 8) + left("\(counts.wrong)", 7)
                        + left("\(counts.omitted)", 8) + left("\(counts.invented)", 9)
                        + left(ReportText.decimal(counts.precision, places: 2), 7)
                        + left(ReportText.decimal(counts.recall, places: 2), 7)
                        + left(ReportText.decimal(counts.f1, places: 2), 7) + "  " + score.comparison)
            }
            if scores.contains(where: \.isCritical) { lines.append("  (! critical field)") }
        }
        for caseResult in result.cases {
            if let truncation = caseResult.truncation {
                lines.append("  input truncated: \(caseResult.id) \(truncation.summary)")
            }
        }
        let verdict = suite.verdict
        if let test = verdict.pairedTest {
            lines.append(
                "  paired test (exact McNemar, one-sided, alpha \(ReportText.decimal(test.alpha, places: 2))): "
                    + "\(test.regressions) newly failing, \(test.improvements) newly passing, "
                    + "p = \(ReportText.decimal(test.pValue, places: 3))")
        }
        if !verdict.fieldRegressions.isEmpty {
            let worst = verdict.fieldRegressions.sorted { $0.now - $0.before < $1.now - $1.before }.prefix(5)
            lines.append(
                "  fields below baseline: "
                    + worst.map {
                        "\($0.field) \(ReportText.decimal($0.before, places: 2))->\(ReportText.decimal($0.now, places: 2))"
                    }.joined(separator: ", "))
        }
        for change in verdict.schemaChanges { lines.append("  schema change: \(change)") }
        for warning in verdict.warnings { lines.append("  warning: \(warning)") }
        for failure in verdict.failures { lines.append("  error: \(failure)") }
        lines.append("  gate: " + (verdict.passed ? "passed" : "FAILED"))
        return lines
    }

    private func pad(_ text: String, _ width: Int) -> String {
        let clipped = text.count > width - 1 ? String(text.prefix(width - 2)) + "…" : text
        return clipped + String(repeating: " ", count: max(width - clipped.count, 1))
    }

    private func left(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(width - text.count, 1)) + text
    }
}
