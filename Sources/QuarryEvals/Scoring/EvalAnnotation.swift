import QuarrySchema

/// The `x-eval` annotation of a schema node: overrides of the scoring inferred from the schema.
///
/// ```json
/// "line_items": {"type": "array", "items": {...}, "x-eval": {"key": "sku"}},
/// "subject":    {"type": "string", "x-eval": {"compare": "token_f1", "threshold": 0.6}},
/// "total":      {"type": "number", "x-eval": {"abs": 0.01, "critical": true}}
/// ```
///
/// | Key | Value |
/// | --- | --- |
/// | `compare` | `exact`, `normalized`, `token_f1`, `edit_distance`, `number`, `date`, `date-time`, `ignore` |
/// | `threshold` | minimum token F1 or edit similarity, 0 to 1 (defaults 0.8 and 0.85) |
/// | `max_edits` | with `edit_distance`: the largest Levenshtein distance accepted instead |
/// | `normalize` | `{"case": Bool, "whitespace": Bool, "unicode": "none"/"nfc"/"nfkc", "punctuation": Bool}` |
/// | `abs`, `rel` | number tolerances (absolute, relative to the expected value) |
/// | `key` | arrays: pair elements by this field |
/// | `match` | arrays: `assignment` (default), `key` (with `key`) or `ordered` |
/// | `critical` | `true`: a regression of this field on any case fails the gate |
/// | `ignore` | `true`: the field is not scored |
///
/// Annotations on a node that uses `$ref` override those of the node it refers to.
public struct EvalAnnotation: Sendable, Hashable {
    /// The comparison named by `compare`.
    public var compare: String?
    /// `threshold`.
    public var threshold: Double?
    /// `max_edits`.
    public var maxEdits: Int?
    /// `normalize`.
    public var normalization: TextNormalization?
    /// `abs`.
    public var absolute: Double?
    /// `rel`.
    public var relative: Double?
    /// `key`.
    public var key: String?
    /// `match`.
    public var match: String?
    /// `critical`.
    public var critical: Bool?
    /// `ignore`.
    public var ignore: Bool?

    /// The names `compare` accepts.
    public static let comparisons: Set<String> = [
        "exact", "normalized", "token_f1", "edit_distance", "number", "date", "date-time", "datetime", "ignore",
    ]

    /// Reads an annotation; `problems` receives a sentence for each thing not understood.
    public init(_ value: JSONValue, problems: inout [String]) {
        guard let object = value.objectValue else {
            problems.append("x-eval must be an object")
            return
        }
        for (name, entry) in object {
            switch name {
            case "compare":
                if let text = entry.stringValue, Self.comparisons.contains(text) {
                    compare = text
                } else {
                    problems.append(
                        "x-eval compare must be one of \(Self.comparisons.sorted().joined(separator: ", "))")
                }
            case "threshold":
                if let number = entry.numberValue?.doubleValue, (0...1).contains(number) {
                    threshold = number
                } else {
                    problems.append("x-eval threshold must be a number from 0 to 1")
                }
            case "max_edits":
                if let number = entry.numberValue?.intValue, number >= 0 {
                    maxEdits = number
                } else {
                    problems.append("x-eval max_edits must be a non-negative integer")
                }
            case "abs", "rel":
                if let number = entry.numberValue?.doubleValue, number >= 0 {
                    if name == "abs" { absolute = number } else { relative = number }
                } else {
                    problems.append("x-eval \(name) must be a non-negative number")
                }
            case "key":
                if let text = entry.stringValue, !text.isEmpty {
                    key = text
                } else {
                    problems.append("x-eval key must be a property name")
                }
            case "match":
                if let text = entry.stringValue, ["assignment", "key", "ordered"].contains(text) {
                    match = text
                } else {
                    problems.append("x-eval match must be assignment, key or ordered")
                }
            case "critical", "ignore":
                if let flag = entry.boolValue {
                    if name == "critical" { critical = flag } else { ignore = flag }
                } else {
                    problems.append("x-eval \(name) must be true or false")
                }
            case "normalize":
                normalization = Self.normalization(entry, problems: &problems)
            default:
                problems.append("x-eval has an unknown key '\(name)'")
            }
        }
    }

    private static func normalization(_ value: JSONValue, problems: inout [String]) -> TextNormalization? {
        guard let object = value.objectValue else {
            problems.append("x-eval normalize must be an object")
            return nil
        }
        var result = TextNormalization.standard
        for (name, entry) in object {
            switch name {
            case "case", "whitespace", "punctuation":
                guard let flag = entry.boolValue else {
                    problems.append("x-eval normalize.\(name) must be true or false")
                    continue
                }
                if name == "case" { result.foldsCase = flag }
                if name == "whitespace" { result.collapsesWhitespace = flag }
                if name == "punctuation" { result.removesPunctuation = flag }
            case "unicode":
                if let text = entry.stringValue, let form = TextNormalization.UnicodeForm(rawValue: text) {
                    result.unicode = form
                } else {
                    problems.append("x-eval normalize.unicode must be none, nfc or nfkc")
                }
            default:
                problems.append("x-eval normalize has an unknown key '\(name)'")
            }
        }
        return result
    }

    /// `rule` with this annotation's overrides applied.
    func applied(to rule: FieldRule) -> FieldRule {
        var rule = rule
        let normalization = self.normalization ?? Self.currentNormalization(of: rule.comparison)
        if let compare {
            switch compare {
            case "exact": rule.comparison = .exact
            case "normalized": rule.comparison = .normalized(normalization)
            case "token_f1": rule.comparison = .tokenF1(threshold: threshold ?? 0.8, normalization: normalization)
            case "edit_distance":
                rule.comparison = .editDistance(
                    threshold: threshold ?? 0.85, maxEdits: maxEdits, normalization: normalization)
            case "number": rule.comparison = .number(NumberTolerance())
            case "date": rule.comparison = .date
            case "date-time", "datetime": rule.comparison = .dateTime
            default: rule.comparison = .ignored
            }
        } else if let normalization = self.normalization {
            switch rule.comparison {
            case .tokenF1(let threshold, _):
                rule.comparison = .tokenF1(threshold: threshold, normalization: normalization)
            case .editDistance(let threshold, let maxEdits, _):
                rule.comparison = .editDistance(threshold: threshold, maxEdits: maxEdits, normalization: normalization)
            default: rule.comparison = .normalized(normalization)
            }
        } else if let threshold {
            switch rule.comparison {
            case .tokenF1(_, let normalization):
                rule.comparison = .tokenF1(threshold: threshold, normalization: normalization)
            case .editDistance(_, let maxEdits, let normalization):
                rule.comparison = .editDistance(threshold: threshold, maxEdits: maxEdits, normalization: normalization)
            default: break
            }
        }
        if absolute != nil || relative != nil {
            var tolerance = NumberTolerance()
            if case .number(let existing) = rule.comparison { tolerance = existing }
            if let absolute { tolerance.absolute = absolute }
            if let relative { tolerance.relative = relative }
            rule.comparison = .number(tolerance)
        }
        if let key {
            rule.matching = .key(key)
        } else if match == "ordered" {
            rule.matching = .ordered
        } else if match == "assignment" {
            rule.matching = .assignment
        }
        if let critical { rule.isCritical = critical }
        if ignore == true { rule.comparison = .ignored }
        return rule
    }

    private static func currentNormalization(of comparison: LeafComparison) -> TextNormalization {
        switch comparison {
        case .normalized(let normalization), .tokenF1(_, let normalization), .editDistance(_, _, let normalization):
            return normalization
        default:
            return .standard
        }
    }
}
