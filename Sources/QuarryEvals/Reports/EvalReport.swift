/// Everything one `quarry eval` run found: each suite's result, its baseline and the gate's
/// verdict. Renders as a terminal table, JSON, JUnit XML, Markdown or HTML.
public struct EvalReport: Sendable {
    /// One schema's part of the report.
    public struct Suite: Sendable {
        /// The run.
        public var result: SuiteResult
        /// The baseline compared with, if any.
        public var baseline: Baseline?
        /// The gate's verdict.
        public var verdict: GateVerdict

        /// Creates a suite report.
        public init(result: SuiteResult, baseline: Baseline?, verdict: GateVerdict) {
            self.result = result
            self.baseline = baseline
            self.verdict = verdict
        }

        /// How a case fared against the baseline, for per-case reports (JUnit, Swift Testing).
        public func status(of caseResult: CaseResult) -> CaseStatus {
            if let error = caseResult.error { return .error(error) }
            let regressions = verdict.criticalRegressions.filter { $0.caseID == caseResult.id }
            if !regressions.isEmpty {
                return .regressed(
                    "critical field(s) regressed: " + regressions.map(\.pointer.description).joined(separator: ", "))
            }
            let before = baseline?.baselineCase(caseResult.id)
            if caseResult.passed { return .passed }
            let reason = ReportText.failureReason(caseResult)
            if before?.passed == true { return .regressed("passed in the baseline, fails now: \(reason)") }
            if before == nil && baseline != nil { return .failing("\(reason) (new case)") }
            if baseline == nil { return .failing("\(reason) (no baseline)") }
            return .failing("\(reason), as in the baseline")
        }
    }

    /// How one case fared.
    public enum CaseStatus: Sendable, Hashable {
        /// The case passed.
        case passed
        /// The case fails but did not get worse (it failed in the baseline too, or there is no
        /// baseline entry): reported, not a CI failure.
        case failing(String)
        /// The case got worse than the baseline: a CI failure.
        case regressed(String)
        /// The case could not run.
        case error(String)
    }

    /// The suites, in the order run.
    public var suites: [Suite]
    /// Schema files that could not be loaded, one sentence each.
    public var loadErrors: [String]

    /// Creates a report.
    public init(suites: [Suite], loadErrors: [String] = []) {
        self.suites = suites
        self.loadErrors = loadErrors
    }

    /// Whether every suite passed its gate and every schema loaded.
    public var passed: Bool { loadErrors.isEmpty && suites.allSatisfy(\.verdict.passed) }

    /// The report in a format.
    public func rendered(as format: ReportFormat) -> String {
        switch format {
        case .terminal: return TerminalReport(report: self).render()
        case .json: return JSONReport(report: self).render()
        case .junit: return JUnitReport(report: self).render()
        case .markdown: return MarkdownReport(report: self).render()
        case .html: return HTMLReport(report: self).render()
        }
    }
}

/// The formats a report renders in.
public enum ReportFormat: String, Sendable, Hashable, CaseIterable {
    /// Plain text tables for a terminal, worst fields first.
    case terminal
    /// Everything, as JSON.
    case json
    /// JUnit XML: one test case per eval case, so CI systems list them.
    case junit
    /// Markdown for a pull-request comment.
    case markdown
    /// One self-contained HTML page with a per-field bar chart and the failing cases' diffs.
    case html
}

/// A `--report kind:PATH` request.
public struct ReportRequest: Sendable, Hashable {
    /// The format.
    public var format: ReportFormat
    /// The file to write.
    public var path: String

    /// Creates a request.
    public init(format: ReportFormat, path: String) {
        self.format = format
        self.path = path
    }

    /// Reads `kind:PATH` (`junit:eval.xml`); `nil` when the kind is unknown or the path empty.
    public init?(parsing text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        guard let format = ReportFormat(rawValue: String(text[..<colon])), format != .terminal else { return nil }
        let path = String(text[text.index(after: colon)...])
        guard !path.isEmpty else { return nil }
        self.init(format: format, path: path)
    }
}
