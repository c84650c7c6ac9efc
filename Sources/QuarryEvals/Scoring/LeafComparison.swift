import Foundation
import QuarrySchema

/// How a single value (a string, number, boolean or enum member) is judged against the
/// expected one.
public enum LeafComparison: Sendable, Hashable {
    /// JSON equality without normalisation: enum members, booleans, constants.
    case exact
    /// Strings equal after normalisation.
    case normalized(TextNormalization)
    /// Strings whose normalised words overlap with a token F1 of at least `threshold`.
    case tokenF1(threshold: Double, normalization: TextNormalization)
    /// Strings whose normalised edit similarity (1 − distance / longer length) is at least
    /// `threshold`, or whose distance is at most `maxEdits` when that is set.
    case editDistance(threshold: Double, maxEdits: Int?, normalization: TextNormalization)
    /// Numbers within a tolerance.
    case number(NumberTolerance)
    /// Strings read as calendar dates (see ``CalendarDate``); falls back to normalised
    /// equality when either side is not a readable date.
    case date
    /// Strings read as RFC 3339 timestamps and compared as moments (see ``Timestamp``).
    case dateTime
    /// The field is not scored.
    case ignored

    /// A short name for reports: `exact`, `normalized`, `token_f1≥0.8`, ...
    public var name: String {
        switch self {
        case .exact: return "exact"
        case .normalized: return "normalized"
        case .tokenF1(let threshold, _): return "token_f1≥\(Self.format(threshold))"
        case .editDistance(let threshold, let maxEdits, _):
            return maxEdits.map { "edits≤\($0)" } ?? "edit_similarity≥\(Self.format(threshold))"
        case .number(let tolerance):
            if tolerance.absolute > 0 { return "number±\(Self.format(tolerance.absolute))" }
            if tolerance.relative > 0 { return "number±\(Self.format(tolerance.relative * 100))%" }
            return "number"
        case .date: return "date"
        case .dateTime: return "date-time"
        case .ignored: return "ignored"
        }
    }

    /// Whether `actual` counts as the `expected` value. Values of different JSON types never
    /// match (a number given as a string is wrong), except that all comparisons accept equal
    /// JSON.
    public func matches(expected: JSONValue, actual: JSONValue) -> Bool {
        if expected == actual { return true }
        switch self {
        case .exact, .ignored:
            return false
        case .normalized(let normalization):
            guard case .string(let lhs) = expected, case .string(let rhs) = actual else { return false }
            return normalization.apply(lhs) == normalization.apply(rhs)
        case .tokenF1(let threshold, let normalization):
            guard case .string(let lhs) = expected, case .string(let rhs) = actual else { return false }
            return TextSimilarity.tokenF1(expected: normalization.apply(lhs), actual: normalization.apply(rhs))
                >= threshold
        case .editDistance(let threshold, let maxEdits, let normalization):
            guard case .string(let lhs) = expected, case .string(let rhs) = actual else { return false }
            let left = normalization.apply(lhs)
            let right = normalization.apply(rhs)
            if let maxEdits { return TextSimilarity.editDistance(left, right) <= maxEdits }
            return TextSimilarity.editSimilarity(left, right) >= threshold
        case .number(let tolerance):
            guard case .number(let lhs) = expected, case .number(let rhs) = actual else { return false }
            return tolerance.accepts(expected: lhs, actual: rhs)
        case .date:
            guard case .string(let lhs) = expected, case .string(let rhs) = actual else { return false }
            if let left = CalendarDate(parsing: lhs), let right = CalendarDate(parsing: rhs) { return left == right }
            return TextNormalization.standard.apply(lhs) == TextNormalization.standard.apply(rhs)
        case .dateTime:
            guard case .string(let lhs) = expected, case .string(let rhs) = actual else { return false }
            if let left = Timestamp(parsing: lhs), let right = Timestamp(parsing: rhs) {
                return left.isSameMoment(as: right)
            }
            return TextNormalization.standard.apply(lhs) == TextNormalization.standard.apply(rhs)
        }
    }

    static func format(_ value: Double) -> String {
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
