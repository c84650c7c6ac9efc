import QuarrySchema

/// The HTML rendering: one self-contained page (inline CSS and SVG, no scripts, no external
/// resources) with, per schema, the summary, the gate's verdict, a per-field stacked bar chart
/// (correct, wrong, omitted, invented; worst fields first) and the failing cases' diffs.
struct HTMLReport {
    let report: EvalReport

    static let colors: [(FieldResult, String)] = [
        (.correct, "#2e9d5b"), (.wrong, "#d64545"), (.omitted, "#e8a33d"), (.invented, "#8a5cc7"),
    ]

    func render() -> String {
        var html: [String] = []
        html.append("<!DOCTYPE html>")
        html.append("<html lang=\"en\"><head><meta charset=\"utf-8\">")
        html.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        html.append("<title>Quarry eval report</title>")
        html.append("<style>\(Self.style)</style></head><body>")
        html.append(
            "<header><h1>Quarry eval</h1><p class=\"verdict \(report.passed ? "pass" : "fail")\">"
                + (report.passed ? "Gate passed" : "Gate failed") + "</p></header>")
        for error in report.loadErrors { html.append("<p class=\"error\">\(Escaping.xml(error))</p>") }
        html.append(legend())
        for suite in report.suites { html.append(render(suite)) }
        html.append("</body></html>")
        return html.joined(separator: "\n") + "\n"
    }

    private func legend() -> String {
        let items = Self.colors.map { result, color in
            "<span><i style=\"background:\(color)\"></i>\(result.rawValue)</span>"
        }
        return "<p class=\"legend\">" + items.joined(separator: " ") + "</p>"
    }

    private func render(_ suite: EvalReport.Suite) -> String {
        let result = suite.result
        let verdict = suite.verdict
        let counts = result.counts
        var html: [String] = []
        html.append("<section id=\"\(Escaping.xml(result.name))\">")
        html.append(
            "<h2>\(Escaping.xml(result.name)) <span class=\"verdict \(verdict.passed ? "pass" : "fail")\">"
                + (verdict.passed ? "passed" : "FAILED") + "</span></h2>")
        html.append("<p class=\"meta\">\(Escaping.xml(result.paths.cases)) · model \(Escaping.xml(result.model))</p>")
        let cards: [(String, String)] = [
            ("cases passed", "\(result.passedCount) / \(result.scoredCases.count)"),
            ("schema-valid", ReportText.percent(result.validityRate)),
            ("F1", ReportText.decimal(counts.f1)),
            ("precision", ReportText.decimal(counts.precision)),
            ("recall", ReportText.decimal(counts.recall)),
            ("attempts / case", ReportText.decimal(result.meanAttempts, places: 2)),
            ("tokens", ReportText.grouped(result.usage.totalTokens)),
            ("cost", ReportText.cost(result.cost)),
        ]
        html.append(
            "<div class=\"cards\">"
                + cards.map { "<div><b>\(Escaping.xml($0.1))</b><span>\(Escaping.xml($0.0))</span></div>" }.joined()
                + "</div>")
        var notes: [String] = verdict.failures.map { "<li class=\"error\">\(Escaping.xml($0))</li>" }
        notes += verdict.warnings.map { "<li class=\"warning\">\(Escaping.xml($0))</li>" }
        if let test = verdict.pairedTest {
            notes.append(
                "<li>Paired test (exact McNemar, one-sided): \(test.regressions) newly failing, "
                    + "\(test.improvements) newly passing, p = \(ReportText.decimal(test.pValue)), "
                    + "fails below α = \(ReportText.decimal(test.alpha, places: 2))</li>")
        }
        for change in verdict.schemaChanges {
            notes.append(
                "<li class=\"\(change.isBreaking ? "error" : "")\">schema change: <code>\(Escaping.xml(change.instancePath))</code> "
                    + "\(Escaping.xml(change.message)) (\(change.kind.rawValue))</li>")
        }
        if !notes.isEmpty { html.append("<ul class=\"notes\">" + notes.joined() + "</ul>") }
        html.append("<h3>Fields, worst first</h3>")
        html.append(chart(result.fieldScores))
        // Regressions and errors first, then the worst F1; the first few are open.
        let failing = result.cases.filter { !$0.passed }.map { ($0, suite.status(of: $0)) }.enumerated().sorted {
            let left = Self.rank($0.element.1)
            let right = Self.rank($1.element.1)
            if left != right { return left < right }
            if $0.element.0.f1 != $1.element.0.f1 { return $0.element.0.f1 < $1.element.0.f1 }
            return $0.offset < $1.offset
        }.map(\.element)
        if !failing.isEmpty {
            html.append("<h3>Failing cases (\(failing.count)), regressions and worst first</h3>")
            for (index, (caseResult, status)) in failing.enumerated() {
                html.append(diff(caseResult, status: status, open: index < 3 || Self.rank(status) < 2))
            }
        }
        html.append("</section>")
        return html.joined(separator: "\n")
    }

    /// A horizontal stacked bar per field, each bar the field's share of correct, wrong,
    /// omitted and invented outcomes.
    private func chart(_ scores: [FieldScore]) -> String {
        guard !scores.isEmpty else { return "<p>No fields were scored.</p>" }
        let labelWidth = 300
        let barWidth = 440
        let rowHeight = 22
        let width = labelWidth + barWidth + 150
        let height = scores.count * rowHeight + 8
        var svg = [
            "<svg class=\"chart\" role=\"img\" aria-label=\"per-field results\" xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">"
        ]
        for (row, score) in scores.enumerated() {
            let y = row * rowHeight + 4
            let label = score.field.count > 44 ? "…" + String(score.field.suffix(43)) : score.field
            svg.append(
                "<text x=\"\(labelWidth - 8)\" y=\"\(y + 15)\" text-anchor=\"end\" class=\"label\">"
                    + Escaping.xml(label + (score.isCritical ? " !" : "")) + "</text>")
            let total = max(score.counts.total, 1)
            var x = Double(labelWidth)
            for (result, color) in Self.colors {
                let count = Self.count(result, in: score.counts)
                guard count > 0 else { continue }
                let segment = Double(barWidth) * Double(count) / Double(total)
                svg.append(
                    "<rect x=\"\(Self.format(x))\" y=\"\(y + 2)\" width=\"\(Self.format(segment))\" height=\"16\" "
                        + "fill=\"\(color)\"><title>\(Escaping.xml(score.field)): \(count) \(result.rawValue)</title></rect>"
                )
                x += segment
            }
            svg.append(
                "<text x=\"\(labelWidth + barWidth + 8)\" y=\"\(y + 15)\" class=\"value\">F1 "
                    + "\(ReportText.decimal(score.counts.f1, places: 2)) · n=\(score.counts.total)</text>")
        }
        svg.append("</svg>")
        return "<div class=\"chart-box\">" + svg.joined(separator: "\n") + "</div>"
    }

    static func rank(_ status: EvalReport.CaseStatus) -> Int {
        switch status {
        case .regressed: return 0
        case .error: return 1
        case .failing: return 2
        case .passed: return 3
        }
    }

    private func diff(_ caseResult: CaseResult, status: EvalReport.CaseStatus, open: Bool) -> String {
        let label: String
        let reason: String
        switch status {
        case .passed: (label, reason) = ("passed", "")
        case .failing(let why): (label, reason) = ("failing", why)
        case .regressed(let why): (label, reason) = ("regressed", why)
        case .error(let why): (label, reason) = ("error", why)
        }
        var html = [
            "<details class=\"case \(label)\"\(open ? " open" : "")><summary><b>\(Escaping.xml(caseResult.id))</b> "
                + "<span class=\"tag\">\(label)</span> F1 \(ReportText.decimal(caseResult.f1, places: 2))"
                + (caseResult.evalCase.tags.isEmpty
                    ? "" : " · " + Escaping.xml(caseResult.evalCase.tags.joined(separator: ", "))) + "</summary>",
            "<p>\(Escaping.xml(reason))</p>",
        ]
        if let truncation = caseResult.truncation {
            html.append("<p>Input \(Escaping.xml(truncation.summary)).</p>")
        }
        let mistakes = caseResult.mistakes
        if !mistakes.isEmpty {
            html.append("<table><tr><th>Field</th><th>Result</th><th>Expected</th><th>Got</th></tr>")
            for outcome in mistakes.prefix(Self.mistakeRows) {
                html.append(
                    "<tr class=\"\(outcome.result.rawValue)\"><td><code>\(Escaping.xml(outcome.pointer.description))"
                        + "</code>\(outcome.isCritical ? " <b>critical</b>" : "")</td><td>\(outcome.result.rawValue)</td>"
                        + "<td><code>\(Escaping.xml(ReportText.value(outcome.expected, limit: 160)))</code></td>"
                        + "<td><code>\(Escaping.xml(ReportText.value(outcome.actual, limit: 160)))</code></td></tr>")
            }
            html.append("</table>")
            if mistakes.count > Self.mistakeRows {
                html.append("<p>… and \(mistakes.count - Self.mistakeRows) more (see the JSON report).</p>")
            }
        }
        let expected = caseResult.evalCase.expected.serialized(pretty: true)
        let actual = caseResult.run?.document?.serialized(pretty: true) ?? "(no document)"
        html.append(
            "<div class=\"side\"><div><h4>Expected</h4><pre>\(Escaping.xml(expected))</pre></div>"
                + "<div><h4>Extracted</h4><pre>\(Escaping.xml(actual))</pre></div></div>")
        html.append("</details>")
        return html.joined(separator: "\n")
    }

    /// The most mistake rows shown per case.
    static let mistakeRows = 40

    static func count(_ result: FieldResult, in counts: FieldCounts) -> Int {
        switch result {
        case .correct: return counts.correct
        case .wrong: return counts.wrong
        case .omitted: return counts.omitted
        case .invented: return counts.invented
        }
    }

    static func format(_ value: Double) -> String {
        LeafComparison.format((value * 100).rounded() / 100)
    }

    static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;color:#1d1f23;\
        padding:0 16px}h1{margin:0}header{display:flex;align-items:center;gap:16px}\
        .verdict{display:inline-block;padding:2px 10px;border-radius:12px;font-size:13px;font-weight:600}\
        .pass{background:#dff3e6;color:#1f6e3f}.fail{background:#fbe1e1;color:#a12a2a}\
        section{border-top:1px solid #ddd;margin-top:24px;padding-top:8px}.meta{color:#666;margin-top:-8px}\
        .cards{display:flex;flex-wrap:wrap;gap:8px}.cards div{background:#f5f6f8;border-radius:8px;padding:8px 12px;\
        min-width:110px}.cards b{display:block;font-size:18px}.cards span{color:#666;font-size:12px}\
        .notes li.error{color:#a12a2a}.notes li.warning{color:#8a5a00}.legend span{margin-right:12px}\
        .legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;vertical-align:-1px}\
        .chart-box{overflow-x:auto}.chart .label{font:12px ui-monospace,monospace;fill:#333}\
        .chart .value{font-size:12px;fill:#555}details.case{border:1px solid #e3e3e3;border-radius:8px;\
        margin:6px 0;padding:6px 10px}details.case.regressed{border-color:#d64545}details.case.error{border-color:#e8a33d}\
        .tag{font-size:12px;background:#eee;border-radius:8px;padding:1px 6px}table{border-collapse:collapse;\
        margin:6px 0;width:100%}td,th{border-bottom:1px solid #eee;padding:3px 6px;text-align:left;vertical-align:top}\
        tr.wrong td:nth-child(2){color:#d64545}tr.omitted td:nth-child(2){color:#b9781a}\
        tr.invented td:nth-child(2){color:#8a5cc7}code,pre{font:12px ui-monospace,monospace}\
        .side{display:grid;grid-template-columns:1fr 1fr;gap:8px}.side pre{background:#f7f7f9;padding:8px;\
        overflow:auto;max-height:320px;margin:0}.error{color:#a12a2a}h4{margin:6px 0}
        """
}
