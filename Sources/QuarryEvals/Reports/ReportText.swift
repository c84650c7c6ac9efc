import Foundation
import QuarrySchema

/// Number and text formatting shared by the reports.
enum ReportText {
    /// `0.412`, or `-` for an undefined measure.
    static func decimal(_ value: Double?, places: Int = 3) -> String {
        guard let value, value.isFinite else { return "-" }
        return String(format: "%.\(places)f", value)
    }

    /// `93.8 %`, or `-`.
    static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        return String(format: "%.1f %%", value * 100)
    }

    /// `$0.0123`, or `cost unknown`.
    static func cost(_ value: Double?) -> String {
        guard let value else { return "cost unknown" }
        return String(format: "$%.4f", value)
    }

    /// A value for a table cell: compact JSON, shortened.
    static func value(_ value: JSONValue?, limit: Int = 80) -> String {
        guard let value else { return "(none)" }
        let text = value.serialized()
        return text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    /// Why a case fails, in a few words.
    static func failureReason(_ caseResult: CaseResult) -> String {
        if let error = caseResult.error { return error }
        var reasons: [String] = []
        if case .failed(let why)? = caseResult.run?.status {
            reasons.append("no valid extraction (\(why.prefix(120)))")
        }
        let counts = caseResult.counts
        reasons.append(
            "F1 \(decimal(caseResult.f1, places: 2)) (pass ≥ \(decimal(caseResult.passThreshold, places: 2))): "
                + "\(counts.wrong) wrong, \(counts.omitted) omitted, \(counts.invented) invented")
        return reasons.joined(separator: "; ")
    }

    /// `12 345`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(" ") }
            result.append(character)
        }
        return result
    }

    /// The summary line of a suite.
    static func summary(_ result: SuiteResult) -> String {
        let counts = result.counts
        let scored = result.scoredCases.count
        var parts = [
            "passed \(result.passedCount)/\(scored)",
            "valid \(result.validCount)/\(scored) (\(percent(result.validityRate)))",
            "F1 \(decimal(counts.f1)) (P \(decimal(counts.precision)), R \(decimal(counts.recall)))",
        ]
        parts.append("\(decimal(result.meanAttempts, places: 2)) attempts/case")
        let cases = max(scored, 1)
        parts.append(
            "\(grouped(result.usage.totalTokens)) tokens (\(grouped(result.usage.totalTokens / cases))/case)")
        parts.append(cost(result.cost) + (result.cost.map { " (\(cost($0 / Double(cases)))/case)" } ?? ""))
        return parts.joined(separator: " · ")
    }
}
