/// Translates an anchored ECMA-262 `pattern` into a GBNF expression (the grammar language of
/// llama.cpp's server) for the characters of a JSON string, so a grammar decoder can enforce the
/// pattern while the model writes the string.
///
/// Only what a grammar can say exactly is translated: literals, character classes built from
/// ranges, groups, alternation and quantifiers, between a leading `^` and a trailing `$`.
/// Anything else (an unanchored pattern, Unicode property classes, backreferences, lookaround,
/// word boundaries, anchors elsewhere) gives `nil`, and the caller leaves the string
/// unconstrained. Characters a JSON string must escape (`"`, `\` and control characters) are left
/// out of every class, so the grammar accepts a subset of what the pattern matches, never more.
package enum RegexGrammar {
    /// The GBNF expression for the string content `pattern` matches, or `nil` when it cannot be
    /// said exactly.
    package static func expression(forPattern pattern: String) -> String? {
        var parser = RegexParser(pattern)
        guard let node = try? parser.parse() else { return nil }
        guard case .sequence(var items) = node, items.first.map(isStartAnchor) == true,
            items.last.map(isEndAnchor) == true, items.count >= 2
        else { return nil }
        items.removeFirst()
        items.removeLast()
        return translate(.sequence(items), depth: 0, copies: 1_000)
    }

    private static func isStartAnchor(_ node: RegexNode) -> Bool {
        if case .startAnchor = node { return true }
        return false
    }

    private static func isEndAnchor(_ node: RegexNode) -> Bool {
        if case .endAnchor = node { return true }
        return false
    }

    /// `copies` is how many copies of the node llama.cpp may make: it writes a quantifier
    /// `{m,n}` as n copies of its body, so nested quantifiers multiply (and a count of 2 000 or
    /// more is refused outright).
    private static func translate(_ node: RegexNode, depth: Int, copies: Int) -> String? {
        guard depth < 64 else { return nil }
        switch node {
        case .empty:
            return "\"\""
        case .character(let scalar):
            return literal(scalar)
        case .characterClass(let set):
            return characterClass(set)
        case .sequence(let items):
            if items.isEmpty { return "\"\"" }
            var parts: [String] = []
            for item in items {
                guard let part = translate(item, depth: depth + 1, copies: copies) else { return nil }
                parts.append(part)
            }
            return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " ") + ")"
        case .alternation(let items):
            var parts: [String] = []
            for item in items {
                guard let part = translate(item, depth: depth + 1, copies: copies) else { return nil }
                parts.append(part)
            }
            return "(" + parts.joined(separator: " | ") + ")"
        case .group(let body, _):
            return translate(body, depth: depth + 1, copies: copies)
        case .quantified(let body, let minimum, let maximum, _):
            // An unbounded repetition of what can match nothing (`(a*)*`) is left recursion to
            // llama.cpp: refused, or followed until its stack overflows.
            if maximum == nil, matchesEmpty(body) { return nil }
            let count = max(maximum ?? minimum, 1)
            guard minimum <= copies, count <= copies,
                let inner = translate(body, depth: depth + 1, copies: copies / count)
            else { return nil }
            switch (minimum, maximum) {
            case (0, nil): return "(\(inner))*"
            case (1, nil): return "(\(inner))+"
            case (0, 1?): return "(\(inner))?"
            case (let low, nil): return "(\(inner)){\(low),}"
            case (let low, let high?): return low == high ? "(\(inner)){\(low)}" : "(\(inner)){\(low),\(high)}"
            }
        case .backreference, .startAnchor, .endAnchor, .wordBoundary, .lookaround:
            return nil
        }
    }

    /// Whether `node` can match the empty string.
    private static func matchesEmpty(_ node: RegexNode) -> Bool {
        switch node {
        case .empty: return true
        case .character, .characterClass: return false
        case .sequence(let items): return items.allSatisfy(matchesEmpty)
        case .alternation(let items): return items.contains(where: matchesEmpty)
        case .group(let body, _): return matchesEmpty(body)
        case .quantified(let body, let minimum, _, _): return minimum == 0 || matchesEmpty(body)
        case .backreference, .startAnchor, .endAnchor, .wordBoundary, .lookaround: return true
        }
    }

    /// A scalar a JSON string may hold unescaped, as a GBNF literal.
    private static func literal(_ scalar: UInt32) -> String? {
        guard allowedUnescaped(scalar) else { return nil }
        return "[" + classCharacter(scalar) + "]"
    }

    private static func characterClass(_ set: RegexCharacterClass) -> String? {
        guard set.categories == .empty, set.properties.isEmpty, set.negatedProperties.isEmpty else { return nil }
        var pairs: [(UInt32, UInt32)] = []
        var index = 0
        while index + 1 < set.ranges.count {
            pairs.append((set.ranges[index], set.ranges[index + 1]))
            index += 2
        }
        let inRanges = { (scalar: UInt32) in pairs.contains { $0.0 <= scalar && scalar <= $0.1 } }
        // What JSON must escape is written escaped: `"` as `\"`, `\` as `\\`, a newline as `\n`.
        let escapes = Self.escapes.filter { set.negated != inRanges($0.scalar) }.map(\.literal)
        if set.negated {
            // Everything but these ranges; unescaped, never what JSON must escape.
            let excluded = pairs + [(0, 0x1F), (0x22, 0x22), (0x5C, 0x5C)]
            return alternatives(["[^" + excluded.map(classRange).joined() + "]"] + escapes)
        }
        var kept: [(UInt32, UInt32)] = []
        for (low, high) in pairs {
            var start = low
            for forbidden in [UInt32(0x22), 0x5C] where start <= forbidden && forbidden <= high {
                if start < forbidden { kept.append((start, forbidden - 1)) }
                start = forbidden + 1
            }
            start = max(start, 0x20)
            if start <= high { kept.append((start, high)) }
        }
        return alternatives((kept.isEmpty ? [] : ["[" + kept.map(classRange).joined() + "]"]) + escapes)
    }

    /// Characters a JSON string holds only escaped, with the GBNF literal of their escape.
    private static let escapes: [(scalar: UInt32, literal: String)] = [
        (0x22, #""\\\"""#), (0x5C, #""\\\\""#), (0x0A, #""\\n""#), (0x0D, #""\\r""#), (0x09, #""\\t""#),
    ]

    /// One expression for `parts`: the part itself when there is one, `nil` when there is none.
    private static func alternatives(_ parts: [String]) -> String? {
        switch parts.count {
        case 0: return nil
        case 1: return parts[0]
        default: return "(" + parts.joined(separator: " | ") + ")"
        }
    }

    private static func allowedUnescaped(_ scalar: UInt32) -> Bool {
        scalar >= 0x20 && scalar != 0x22 && scalar != 0x5C && Unicode.Scalar(scalar) != nil
    }

    private static func classRange(_ range: (UInt32, UInt32)) -> String {
        range.0 == range.1 ? classCharacter(range.0) : classCharacter(range.0) + "-" + classCharacter(range.1)
    }

    /// A scalar inside a GBNF `[...]` class: printable ASCII as itself (`[`, `]` and `\`
    /// escaped with a backslash, `-` and `^` as `\x2D` and `\x5E`, the escapes llama.cpp's
    /// grammar parser knows), everything else as `\xXX`, `\uXXXX` or `\UXXXXXXXX`.
    private static func classCharacter(_ scalar: UInt32) -> String {
        switch scalar {
        case 0x5B, 0x5C, 0x5D: return "\\" + String(UnicodeScalar(UInt8(scalar)))
        case 0x2D, 0x5E: return "\\x" + hex(scalar, digits: 2)
        case 0...0x1F: return "\\x" + hex(scalar, digits: 2)
        case 0x21...0x7E: return String(UnicodeScalar(UInt8(scalar)))
        case 0...0xFFFF: return "\\u" + hex(scalar, digits: 4)
        default: return "\\U" + hex(scalar, digits: 8)
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
