/// The abstract syntax tree of a parsed ECMAScript regular expression.
///
/// Group nesting is bounded by the parser (`RegexParser.maximumNestingDepth`), so the
/// recursive algorithms over this tree (compiling, analysis, deinitialisation) cannot
/// exhaust the native stack.
indirect enum RegexNode: Sendable {
    /// Matches the empty string.
    case empty
    /// A single code point.
    case character(UInt32)
    /// A set of code points (`.`, `[...]`, `\d`, `\p{..}`, ...).
    case characterClass(RegexCharacterClass)
    /// Terms matched one after another.
    case sequence([RegexNode])
    /// Alternatives tried left to right.
    case alternation([RegexNode])
    /// A parenthesised group; `captureIndex` is 1-based for capturing groups and nil for `(?:...)`.
    case group(RegexNode, captureIndex: Int?)
    /// `\1` or `\k<name>`, resolved to a 1-based capture index.
    case backreference(Int)
    /// `^`
    case startAnchor
    /// `$`
    case endAnchor
    /// `\b` (or `\B` when `negated`).
    case wordBoundary(negated: Bool)
    /// `(?=...)`, `(?!...)`, `(?<=...)`, `(?<!...)`.
    case lookaround(RegexNode, behind: Bool, negated: Bool)
    /// A quantified atom; `max == nil` means unbounded.
    case quantified(RegexNode, min: Int, max: Int?, greedy: Bool)
}

extension RegexNode {
    /// The smallest number of code points any match of this node consumes.
    var minimumLength: Int {
        switch self {
        case .empty, .startAnchor, .endAnchor, .wordBoundary, .lookaround, .backreference: return 0
        case .character, .characterClass: return 1
        case .sequence(let items):
            var total = 0
            for item in items { total = regexSaturatingAdd(total, item.minimumLength) }
            return total
        case .alternation(let items):
            return items.map(\.minimumLength).min() ?? 0
        case .group(let body, _): return body.minimumLength
        case .quantified(let body, let min, _, _): return regexSaturatingMultiply(body.minimumLength, min)
        }
    }

    /// The range of capture indices (1-based) defined inside this node, if any.
    var captureRange: ClosedRange<Int>? {
        var low = Int.max
        var high = Int.min
        collectCaptures(&low, &high)
        return low <= high ? low...high : nil
    }

    private func collectCaptures(_ low: inout Int, _ high: inout Int) {
        switch self {
        case .empty, .character, .characterClass, .backreference, .startAnchor, .endAnchor, .wordBoundary: return
        case .sequence(let items), .alternation(let items):
            for item in items { item.collectCaptures(&low, &high) }
        case .group(let body, let index):
            if let index {
                low = Swift.min(low, index)
                high = Swift.max(high, index)
            }
            body.collectCaptures(&low, &high)
        case .lookaround(let body, _, _), .quantified(let body, _, _, _):
            body.collectCaptures(&low, &high)
        }
    }

    /// If this node always matches exactly one code point from a fixed set (and captures
    /// nothing), that set.
    var singleCharacterSet: RegexCharacterClass? {
        switch self {
        case .character(let c): return RegexCharacterClass(ranges: [(c, c)])
        case .characterClass(let set): return set
        case .group(let body, nil): return body.singleCharacterSet
        case .sequence(let items) where items.count == 1: return items[0].singleCharacterSet
        case .alternation(let items) where !items.isEmpty:
            var union = RegexCharacterClass()
            for item in items {
                guard let set = item.singleCharacterSet else { return nil }
                if set.negated {
                    guard items.count == 1 else { return nil }
                    return set
                }
                union.formUnion(set)
            }
            return union
        default: return nil
        }
    }
}

/// `a + b`, clamped to `Int.max` instead of trapping.
func regexSaturatingAdd(_ a: Int, _ b: Int) -> Int {
    let (result, overflow) = a.addingReportingOverflow(b)
    return overflow ? Int.max : result
}

/// `a * b`, clamped to `Int.max` instead of trapping (operands are non-negative).
func regexSaturatingMultiply(_ a: Int, _ b: Int) -> Int {
    let (result, overflow) = a.multipliedReportingOverflow(by: b)
    return overflow ? Int.max : result
}
