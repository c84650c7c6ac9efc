import Foundation
import QuarrySchema

/// Scores a reply against a case's expected document, field by field.
///
/// Rules, applied recursively from the root:
///
/// - Objects are compared property by property: every property of the expected document, and
///   (unless the case is partial) every property of the reply.
/// - Arrays pair their elements (see ``ArrayMatching``); paired elements are compared, unpaired
///   expected ones are omitted and unpaired reply ones invented.
/// - A leaf (string, number, boolean) is correct or wrong by the field's ``LeafComparison``.
/// - "No value" means absent, `null`, or an empty array. Expected no value and got none:
///   correct when the expected document says so explicitly (`null` or `[]`), not scored when
///   it just leaves the field out. Expected a value and got none: every leaf below omitted.
///   Got a value where none was expected: every leaf below invented (not scored for a field a
///   partial case leaves out).
/// - A value of another shape (a string where an object was expected) makes every expected
///   leaf below wrong.
public struct CaseScorer: Sendable {
    /// The scoring of the schema's fields.
    public var plan: ScoringPlan

    /// Creates a scorer.
    public init(plan: ScoringPlan) {
        self.plan = plan
    }

    /// The outcome of every scored leaf field, in document order. `actual` is `nil` when the
    /// extraction produced no document at all.
    public func score(
        expected: JSONValue, actual: JSONValue?, isPartial: Bool = false, critical: [JSONPointer] = []
    ) -> [FieldOutcome] {
        var outcomes: [FieldOutcome] = []
        walk(
            expected: expected, actual: actual, schema: .root, pointer: .root, field: [], partial: isPartial,
            into: &outcomes)
        guard !critical.isEmpty else { return outcomes }
        return outcomes.map { outcome in
            var outcome = outcome
            if critical.contains(where: { Self.covers($0, outcome) }) { outcome.isCritical = true }
            return outcome
        }
    }

    /// Whether a critical pointer names this outcome's field or a field above it. `*` in the
    /// pointer matches any array index.
    static func covers(_ critical: JSONPointer, _ outcome: FieldOutcome) -> Bool {
        let tokens = critical.tokens
        let concrete = outcome.pointer.tokens
        let general = outcome.field.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            JSONPointer.unescape(String($0))
        }
        for candidate in [concrete, general] where candidate.count >= tokens.count {
            if zip(tokens, candidate).allSatisfy({ $0 == $1 || $0 == "*" }) {
                return true
            }
        }
        return false
    }

    private func walk(
        expected: JSONValue?, actual: JSONValue?, schema: JSONPointer?, pointer: JSONPointer, field: [String],
        partial: Bool, into outcomes: inout [FieldOutcome]
    ) {
        let rule = plan.rule(at: schema, field: Self.path(field))
        if rule.comparison == .ignored { return }
        let expectedEmpty = Self.isEmpty(expected)
        let actualEmpty = Self.isEmpty(actual)
        func record(_ result: FieldResult) {
            outcomes.append(
                FieldOutcome(
                    pointer: pointer, field: Self.path(field), result: result, expected: expected, actual: actual,
                    comparison: rule.comparison.name, isCritical: rule.isCritical))
        }
        if field.count >= Self.maximumDepth {
            // Deeper than any real document (a runaway reply): judged whole, by JSON equality.
            switch (expected, actual) {
            case (nil, nil): return
            case (nil, _): record(.invented)
            case (_, nil): record(.omitted)
            default: record(expected == actual ? .correct : .wrong)
            }
            return
        }
        switch (expectedEmpty, actualEmpty) {
        case (true, true):
            if expected != nil { record(.correct) }
        case (true, false):
            if expected == nil && partial { return }
            guard let actual else { return }
            switch actual {
            case .object(let object):
                for (key, value) in object {
                    walk(
                        expected: nil, actual: value, schema: rule.schema(ofProperty: key),
                        pointer: pointer.appending(key),
                        field: field + [key], partial: false, into: &outcomes)
                }
            case .array(let array):
                for (index, value) in array.enumerated() {
                    walk(
                        expected: nil, actual: value, schema: rule.items, pointer: pointer.appending(index),
                        field: field + ["*"], partial: false, into: &outcomes)
                }
            default:
                record(.invented)
            }
        case (false, true):
            guard let expected else { return }
            switch expected {
            case .object(let object):
                for (key, value) in object {
                    walk(
                        expected: value, actual: nil, schema: rule.schema(ofProperty: key),
                        pointer: pointer.appending(key), field: field + [key], partial: partial, into: &outcomes)
                }
            case .array(let array):
                for (index, value) in array.enumerated() {
                    walk(
                        expected: value, actual: nil, schema: rule.items, pointer: pointer.appending(index),
                        field: field + ["*"], partial: partial, into: &outcomes)
                }
            default:
                record(.omitted)
            }
        case (false, false):
            guard let expected, let actual else { return }
            switch (expected, actual) {
            case (.object(let expectedObject), .object(let actualObject)):
                var keys = expectedObject.keys
                if !partial { keys += actualObject.keys.filter { !expectedObject.contains(key: $0) } }
                for key in keys {
                    walk(
                        expected: expectedObject[key], actual: actualObject[key], schema: rule.schema(ofProperty: key),
                        pointer: pointer.appending(key), field: field + [key], partial: partial, into: &outcomes)
                }
            case (.array(let expectedArray), .array(let actualArray)):
                scoreArrays(
                    expectedArray, actualArray, rule: rule, pointer: pointer, field: field, partial: partial,
                    into: &outcomes)
            case (.object, _), (.array, _), (_, .object), (_, .array):
                markWrong(expected, actual: actual, rule: rule, pointer: pointer, field: field, into: &outcomes)
            default:
                record(rule.comparison.matches(expected: expected, actual: actual) ? .correct : .wrong)
            }
        }
    }

    private func scoreArrays(
        _ expected: [JSONValue], _ actual: [JSONValue], rule: FieldRule, pointer: JSONPointer, field: [String],
        partial: Bool, into outcomes: inout [FieldOutcome]
    ) {
        let pairs = pair(expected, actual, rule: rule, pointer: pointer, field: field, partial: partial)
        var pairedActual = Set<Int>()
        var partnerOfExpected: [Int: Int] = [:]
        for (row, column) in pairs {
            partnerOfExpected[row] = column
            pairedActual.insert(column)
        }
        for (index, value) in expected.enumerated() {
            walk(
                expected: value, actual: partnerOfExpected[index].map { actual[$0] }, schema: rule.items,
                pointer: pointer.appending(index), field: field + ["*"], partial: partial, into: &outcomes)
        }
        for (index, value) in actual.enumerated() where !pairedActual.contains(index) {
            walk(
                expected: nil, actual: value, schema: rule.items, pointer: pointer.appending(index),
                field: field + ["*"], partial: false, into: &outcomes)
        }
    }

    /// Pairs of (expected index, actual index).
    private func pair(
        _ expected: [JSONValue], _ actual: [JSONValue], rule: FieldRule, pointer: JSONPointer, field: [String],
        partial: Bool
    ) -> [(Int, Int)] {
        switch rule.matching {
        case .ordered:
            return (0..<min(expected.count, actual.count)).map { ($0, $0) }
        case .key(let key):
            var used = Set<Int>()
            var pairs: [(Int, Int)] = []
            for (row, element) in expected.enumerated() {
                guard let wanted = element[key], !wanted.isNull else { continue }
                let match = actual.indices.first { column in
                    guard !used.contains(column), let candidate = actual[column][key] else { return false }
                    return LeafComparison.normalized(.standard).matches(expected: wanted, actual: candidate)
                }
                if let match {
                    used.insert(match)
                    pairs.append((row, match))
                }
            }
            return pairs
        case .assignment:
            return Assignment.best(rows: expected.count, columns: actual.count) { row, column in
                var trial: [FieldOutcome] = []
                walk(
                    expected: expected[row], actual: actual[column], schema: rule.items, pointer: pointer,
                    field: field + ["*"], partial: partial, into: &trial)
                let counts = FieldCounts(trial)
                return counts.total == 0 ? 1 : Double(counts.correct) / Double(counts.total)
            }
        }
    }

    /// Every expected leaf under a value whose shape differs from the reply's is wrong.
    private func markWrong(
        _ expected: JSONValue, actual: JSONValue, rule: FieldRule, pointer: JSONPointer, field: [String],
        into outcomes: inout [FieldOutcome]
    ) {
        if field.count >= Self.maximumDepth { return }
        switch expected {
        case .object(let object):
            for (key, value) in object {
                let child = plan.rule(at: rule.schema(ofProperty: key), field: Self.path(field + [key]))
                if child.comparison == .ignored { continue }
                markWrong(
                    value, actual: actual, rule: child, pointer: pointer.appending(key), field: field + [key],
                    into: &outcomes)
            }
        case .array(let array):
            let child = plan.rule(at: rule.items, field: Self.path(field + ["*"]))
            for (index, value) in array.enumerated() {
                markWrong(
                    value, actual: actual, rule: child, pointer: pointer.appending(index), field: field + ["*"],
                    into: &outcomes)
            }
        case .null:
            break
        default:
            outcomes.append(
                FieldOutcome(
                    pointer: pointer, field: Self.path(field), result: .wrong, expected: expected, actual: actual,
                    comparison: rule.comparison.name, isCritical: rule.isCritical))
        }
    }

    /// The nesting depth below which values are compared whole.
    static let maximumDepth = 64

    static func isEmpty(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?: return true
        case .array(let array)?: return array.isEmpty
        default: return false
        }
    }

    static func path(_ tokens: [String]) -> String {
        tokens.isEmpty ? "/" : tokens.map { "/" + JSONPointer.escape($0) }.joined()
    }
}

extension JSONPointer {
    /// Undoes ``escape(_:)``: `~1` becomes `/`, `~0` becomes `~`.
    static func unescape(_ token: String) -> String {
        token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }
}
