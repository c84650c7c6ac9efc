/// The Markdown rendering, for a pull-request comment: a summary table, then per schema the
/// verdict, schema changes, the ten worst fields and the failing cases.
struct MarkdownReport {
    let report: EvalReport

    func render() -> String {
        var lines: [String] = []
        lines.append("## Quarry eval: " + (report.passed ? "✅ passed" : "❌ failed"))
        lines.append("")
        for error in report.loadErrors { lines.append("- ❌ " + Escaping.markdownCell(error)) }
        lines.append("| Schema | Cases | Passed | Valid | F1 | Precision | Recall | Tokens | Gate |")
        lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        for suite in report.suites {
            let result = suite.result
            let counts = result.counts
            lines.append(
                "| \(Escaping.markdownCell(result.name)) | \(result.cases.count) | \(result.passedCount) | "
                    + "\(ReportText.percent(result.validityRate)) | \(ReportText.decimal(counts.f1)) | "
                    + "\(ReportText.decimal(counts.precision)) | \(ReportText.decimal(counts.recall)) | "
                    + "\(ReportText.grouped(result.usage.totalTokens)) | \(suite.verdict.passed ? "✅" : "❌") |")
        }
        for suite in report.suites {
            lines.append("")
            lines += render(suite)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func render(_ suite: EvalReport.Suite) -> [String] {
        let result = suite.result
        let verdict = suite.verdict
        var lines = ["### \(Escaping.markdownCell(result.name))", ""]
        lines.append(Escaping.markdownCell(ReportText.summary(result)) + " — model `\(result.model)`")
        lines.append("")
        for failure in verdict.failures { lines.append("- ❌ " + Escaping.markdownCell(failure)) }
        for warning in verdict.warnings { lines.append("- ⚠️ " + Escaping.markdownCell(warning)) }
        if let test = verdict.pairedTest {
            lines.append(
                "- Paired test (exact McNemar, one-sided): \(test.regressions) newly failing, "
                    + "\(test.improvements) newly passing, p = \(ReportText.decimal(test.pValue)) "
                    + "(fails below \(ReportText.decimal(test.alpha, places: 2)))")
        }
        if !verdict.schemaChanges.isEmpty {
            lines.append("")
            lines.append("<details><summary>Schema changes since the baseline</summary>")
            lines.append("")
            lines.append("| | Field | Change | Kind |")
            lines.append("| --- | --- | --- | --- |")
            for change in verdict.schemaChanges {
                lines.append(
                    "| \(change.isBreaking ? "breaking" : "compatible") | `\(change.instancePath)` | "
                        + "\(Escaping.markdownCell(change.message)) | \(change.kind.rawValue) |")
            }
            lines.append("")
            lines.append("</details>")
        }
        let scores = result.fieldScores
        if !scores.isEmpty {
            lines.append("")
            lines.append("<details><summary>Fields, worst first</summary>")
            lines.append("")
            lines.append("| Field | Correct | Wrong | Omitted | Invented | P | R | F1 |")
            lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
            for score in scores {
                let counts = score.counts
                lines.append(
                    "| `\(Escaping.markdownCell(score.field))`\(score.isCritical ? " (critical)" : "") | "
                        + "\(counts.correct) | \(counts.wrong) | \(counts.omitted) | \(counts.invented) | "
                        + "\(ReportText.decimal(counts.precision, places: 2)) | "
                        + "\(ReportText.decimal(counts.recall, places: 2)) | \(ReportText.decimal(counts.f1, places: 2)) |"
                )
            }
            lines.append("")
            lines.append("</details>")
        }
        let failing = result.cases.filter { !$0.passed }
        if !failing.isEmpty {
            lines.append("")
            lines.append("<details><summary>\(failing.count) failing case(s)</summary>")
            lines.append("")
            lines.append("| Case | Status | First mistakes |")
            lines.append("| --- | --- | --- |")
            for caseResult in failing {
                let status: String
                switch suite.status(of: caseResult) {
                case .passed: status = "passed"
                case .failing: status = "failing"
                case .regressed: status = "**regressed**"
                case .error: status = "error"
                }
                let mistakes = caseResult.mistakes.prefix(3).map {
                    "`\($0.pointer)` \($0.result.rawValue): \(ReportText.value($0.actual, limit: 40))"
                }
                lines.append(
                    "| \(Escaping.markdownCell(caseResult.id)) | \(status) | "
                        + Escaping.markdownCell(
                            caseResult.error
                                ?? (mistakes.isEmpty
                                    ? ReportText.failureReason(caseResult) : mistakes.joined(separator: "; ")))
                        + " |")
            }
            lines.append("")
            lines.append("</details>")
        }
        return lines
    }
}
