/// A recursive-descent parser from ECMAScript pattern source to `RegexNode`.
///
/// The grammar is ECMA-262's `u`-mode Pattern grammar (code points, `\u{...}`, `\p{...}`,
/// strict escapes, `\k<name>`), relaxed with the Annex B forms JSON Schema authors
/// commonly rely on: a `{` that does not start a quantifier and lone `}` / `]` are
/// literals, lookaheads may be quantified, a class escape may be a range endpoint
/// (`[\w-.]` means `\w`, `-`, `.`), and non-alphanumeric characters may be identity-escaped.
struct RegexParser {
    /// Maximum nesting of groups and lookarounds; deeper patterns are rejected so that the
    /// recursive parser and compiler cannot overflow the native stack.
    static let maximumNestingDepth = 64

    private let source: String
    private let p: [UInt32]
    private var i = 0
    private var depth = 0
    private var capturesOpened = 0
    private var usedNames: Set<String> = []
    /// From the pre-scan: total number of capturing groups and their names.
    private var totalCaptures = 0
    private var prescannedNames: [String: Int] = [:]

    private(set) var captureCount = 0

    init(_ source: String) {
        self.source = source
        self.p = source.unicodeScalars.map(\.value)
    }

    // MARK: Entry point

    mutating func parse() throws(RegexSyntaxError) -> RegexNode {
        prescan()
        let node = try parseDisjunction()
        if i < p.count {
            // parseDisjunction stops only at the end or at an unmatched ')'.
            throw error("unmatched ')'", at: i)
        }
        // The pre-scan and the parse agree on the number of groups for every valid pattern;
        // taking the maximum guarantees that every backreference has registers regardless.
        captureCount = max(capturesOpened, totalCaptures)
        return node
    }

    // MARK: Helpers

    private func error(_ message: String, at offset: Int? = nil) -> RegexSyntaxError {
        RegexSyntaxError(pattern: source, offset: offset ?? i, message: message)
    }

    private func peek(_ ahead: Int = 0) -> UInt32? {
        let j = i + ahead
        return j < p.count ? p[j] : nil
    }

    private static func ascii(_ s: Unicode.Scalar) -> UInt32 { s.value }

    private static func isDecimalDigit(_ c: UInt32) -> Bool { c >= 0x30 && c <= 0x39 }

    private static func hexValue(_ c: UInt32) -> UInt32? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    private static func isASCIILetter(_ c: UInt32) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }

    /// Counts capturing groups and records their names before the real parse, so that
    /// forward references (`\2(a)(b)`, `\k<x>(?<x>a)`) can be validated.
    private mutating func prescan() {
        var j = 0
        var inClass = false
        var count = 0
        while j < p.count {
            let c = p[j]
            if c == 0x5C {
                j += 2
                continue
            }  // backslash
            if inClass {
                if c == 0x5D { inClass = false }
                j += 1
                continue
            }
            if c == 0x5B {
                inClass = true
            } else if c == 0x28 {  // (
                if j + 1 < p.count && p[j + 1] == 0x3F {  // ?
                    if j + 3 < p.count && p[j + 2] == 0x3C && p[j + 3] != 0x3D && p[j + 3] != 0x21 {
                        count += 1
                        var k = j + 3
                        var name = String.UnicodeScalarView()
                        while k < p.count && p[k] != 0x3E {
                            if let s = Unicode.Scalar(p[k]) { name.append(s) }
                            k += 1
                        }
                        let key = String(name)
                        if prescannedNames[key] == nil { prescannedNames[key] = count }
                    }
                } else {
                    count += 1
                }
            }
            j += 1
        }
        totalCaptures = count
    }

    // MARK: Disjunction / Alternative / Term

    private mutating func parseDisjunction() throws(RegexSyntaxError) -> RegexNode {
        var alternatives = [try parseAlternative()]
        while peek() == 0x7C {  // |
            i += 1
            alternatives.append(try parseAlternative())
        }
        return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
    }

    private mutating func parseAlternative() throws(RegexSyntaxError) -> RegexNode {
        var terms: [RegexNode] = []
        while let c = peek(), c != 0x7C, c != 0x29 {
            terms.append(try parseTerm())
        }
        switch terms.count {
        case 0: return .empty
        case 1: return terms[0]
        default: return .sequence(terms)
        }
    }

    // parseDisjunction → parseAlternative → parseTerm → parseAtom → parseGroup → parseGroupBody
    // recurse once per nesting level, so they are kept small; non-recursive work (errors,
    // escapes, classes, assertions) lives in helper functions whose frames are released
    // before the recursion continues.
    private mutating func parseTerm() throws(RegexSyntaxError) -> RegexNode {
        if let assertion = try parseSimpleAssertion() { return assertion }
        if peek() == 0x28 && peek(1) == 0x3F && peek(2) == 0x3C && (peek(3) == 0x3D || peek(3) == 0x21) {
            return try parseLookbehind()
        }
        let atom = try parseAtom()
        return try parseQuantifier(for: atom)
    }

    /// `^`, `$`, `\b`, `\B`, which cannot be quantified; nil if none is at `i`.
    private mutating func parseSimpleAssertion() throws(RegexSyntaxError) -> RegexNode? {
        guard let c = peek() else { return .empty }
        switch c {
        case 0x5E:  // ^
            i += 1
            try rejectQuantifier(after: "^")
            return .startAnchor
        case 0x24:  // $
            i += 1
            try rejectQuantifier(after: "$")
            return .endAnchor
        case 0x5C where peek(1) == 0x62 || peek(1) == 0x42:  // \b \B
            let negated = peek(1) == 0x42
            i += 2
            try rejectQuantifier(after: negated ? "\\B" : "\\b")
            return .wordBoundary(negated: negated)
        default:
            return nil
        }
    }

    /// `(?<=...)` or `(?<!...)` at `i`.
    private mutating func parseLookbehind() throws(RegexSyntaxError) -> RegexNode {
        let start = i
        let negated = peek(3) == 0x21
        i += 4
        let body = try parseGroupBody(openedAt: start)
        try rejectQuantifier(after: "a lookbehind")
        return .lookaround(body, behind: true, negated: negated)
    }

    private mutating func rejectQuantifier(after what: String) throws(RegexSyntaxError) {
        guard let c = peek() else { return }
        if c == 0x2A || c == 0x2B || c == 0x3F || (c == 0x7B && braceQuantifier(at: i) != nil) {
            throw error("nothing to repeat: \(what) cannot be quantified")
        }
    }

    /// Parses `{n}`, `{n,}` or `{n,m}` starting at `j` (which holds `{`); nil if the text there
    /// is not a quantifier (then, per Annex B, the `{` is a literal).
    private func braceQuantifier(at j: Int) -> (min: Int, max: Int?, end: Int)? {
        var k = j + 1
        func number(_ k: inout Int) -> Int? {
            var value = 0
            var any = false
            while k < p.count, Self.isDecimalDigit(p[k]) {
                value = regexSaturatingAdd(regexSaturatingMultiply(value, 10), Int(p[k] - 0x30))
                any = true
                k += 1
            }
            return any ? value : nil
        }
        guard let low = number(&k) else { return nil }
        var high: Int? = low
        if k < p.count && p[k] == 0x2C {  // ,
            k += 1
            high = number(&k)
        }
        guard k < p.count && p[k] == 0x7D else { return nil }
        return (low, high, k + 1)
    }

    private mutating func parseQuantifier(for atom: RegexNode) throws(RegexSyntaxError) -> RegexNode {
        guard let c = peek() else { return atom }
        let start = i
        var min: Int
        var max: Int?
        switch c {
        case 0x2A:
            min = 0
            max = nil
            i += 1
        case 0x2B:
            min = 1
            max = nil
            i += 1
        case 0x3F:
            min = 0
            max = 1
            i += 1
        case 0x7B:
            guard let q = braceQuantifier(at: i) else { return atom }
            min = q.min
            max = q.max
            if let max, max < min { throw error("numbers out of order in {} quantifier", at: start) }
            i = q.end
        default:
            return atom
        }
        var greedy = true
        if peek() == 0x3F {
            greedy = false
            i += 1
        }
        return .quantified(atom, min: min, max: max, greedy: greedy)
    }

    // MARK: Atoms

    private mutating func parseAtom() throws(RegexSyntaxError) -> RegexNode {
        if peek() == 0x28 { return try parseGroup() }
        return try parseNonGroupAtom()
    }

    private mutating func parseNonGroupAtom() throws(RegexSyntaxError) -> RegexNode {
        let start = i
        guard let c = peek() else { return .empty }
        switch c {
        case 0x2E:  // .
            i += 1
            return .characterClass(.dot)
        case 0x5B:  // [
            return .characterClass(try parseClass())
        case 0x5C:  // backslash
            return try parseAtomEscape()
        case 0x2A, 0x2B, 0x3F:  // * + ?
            throw error("nothing to repeat", at: start)
        case 0x7B:  // {
            if braceQuantifier(at: i) != nil { throw error("nothing to repeat", at: start) }
            i += 1
            return .character(c)
        case 0x29:  // ) — only reachable through a bug in the callers; report rather than trap.
            throw error("unmatched ')'", at: start)
        default:
            i += 1
            return .character(c)
        }
    }

    private enum GroupKind {
        case capture(Int)
        case nonCapture
        case lookahead(negated: Bool)
    }

    private mutating func parseGroup() throws(RegexSyntaxError) -> RegexNode {
        let start = i
        let kind = try parseGroupOpener()
        let body = try parseGroupBody(openedAt: start)
        switch kind {
        case .capture(let index): return .group(body, captureIndex: index)
        case .nonCapture: return .group(body, captureIndex: nil)
        case .lookahead(let negated): return .lookaround(body, behind: false, negated: negated)
        }
    }

    /// Consumes `(`, `(?:`, `(?=`, `(?!` or `(?<name>` and says which it was.
    private mutating func parseGroupOpener() throws(RegexSyntaxError) -> GroupKind {
        let start = i
        i += 1  // (
        if peek() != 0x3F {
            capturesOpened += 1
            return .capture(capturesOpened)
        }
        switch peek(1) {
        case 0x3A:  // (?:
            i += 2
            return .nonCapture
        case 0x3D, 0x21:  // (?= (?!
            let negated = peek(1) == 0x21
            i += 2
            return .lookahead(negated: negated)
        case 0x3C:  // (?<name>
            i += 2
            let nameStart = i
            let name = try parseGroupName()
            if usedNames.contains(name) { throw error("duplicate capture group name '\(name)'", at: nameStart) }
            usedNames.insert(name)
            capturesOpened += 1
            return .capture(capturesOpened)
        default:
            throw error("invalid group: unsupported '(?' syntax", at: start)
        }
    }

    /// Parses a disjunction followed by `)`; `i` is just past the group opener.
    private mutating func parseGroupBody(openedAt start: Int) throws(RegexSyntaxError) -> RegexNode {
        depth += 1
        if depth > Self.maximumNestingDepth {
            throw error("groups nested more than \(Self.maximumNestingDepth) levels deep", at: start)
        }
        let body = try parseDisjunction()
        guard peek() == 0x29 else { throw error("unterminated group", at: start) }
        i += 1
        depth -= 1
        return body
    }

    /// Parses `name>` (after `<`), returning the name.
    private mutating func parseGroupName() throws(RegexSyntaxError) -> String {
        let start = i
        var name = String.UnicodeScalarView()
        while let c = peek(), c != 0x3E {
            guard let scalar = Unicode.Scalar(c) else { throw error("invalid group name", at: i) }
            let props = scalar.properties
            let ok =
                name.isEmpty
                ? (c == 0x24 || c == 0x5F || props.isIDStart)
                : (c == 0x24 || c == 0x5F || c == 0x200C || c == 0x200D || props.isIDContinue)
            guard ok else { throw error("invalid character in group name", at: i) }
            name.append(scalar)
            i += 1
        }
        guard peek() == 0x3E, !name.isEmpty else { throw error("invalid group name", at: start) }
        i += 1
        return String(name)
    }

    // MARK: Escapes

    private mutating func parseAtomEscape() throws(RegexSyntaxError) -> RegexNode {
        let start = i
        i += 1  // backslash
        guard let c = peek() else { throw error("\\ at end of pattern", at: start) }
        switch c {
        case 0x31...0x39:  // \1 .. \9...
            var value = 0
            while let d = peek(), Self.isDecimalDigit(d) {
                value = regexSaturatingAdd(regexSaturatingMultiply(value, 10), Int(d - 0x30))
                i += 1
            }
            guard value <= totalCaptures else {
                throw error("backreference \\\(value) refers to a group that does not exist", at: start)
            }
            return .backreference(value)
        case 0x6B:  // \k<name>
            i += 1
            guard peek() == 0x3C else { throw error("invalid named backreference", at: start) }
            i += 1
            let name = try parseGroupName()
            guard let index = prescannedNames[name] else {
                throw error("named backreference to undefined group '\(name)'", at: start)
            }
            return .backreference(index)
        default:
            switch try parseEscapeBody(inClass: false, start: start) {
            case .character(let value): return .character(value)
            case .set(let set): return .characterClass(set)
            }
        }
    }

    private enum EscapeResult {
        case character(UInt32)
        case set(RegexCharacterClass)
    }

    /// Parses the escape whose letter is at `i` (the backslash was at `start`).
    private mutating func parseEscapeBody(inClass: Bool, start: Int) throws(RegexSyntaxError) -> EscapeResult {
        guard let c = peek() else { throw error("\\ at end of pattern", at: start) }
        i += 1
        switch c {
        case 0x64: return .set(.digits)  // d
        case 0x44: return .set(RegexCharacterClass.digits.complementedRanges())  // D
        case 0x77: return .set(.wordCharacters)  // w
        case 0x57: return .set(RegexCharacterClass.wordCharacters.complementedRanges())  // W
        case 0x73: return .set(.whiteSpace)  // s
        case 0x53: return .set(RegexCharacterClass.whiteSpace.complementedRanges())  // S
        case 0x70, 0x50: return .set(try parsePropertyEscape(negated: c == 0x50, start: start))  // p P
        case 0x66: return .character(0x0C)  // f
        case 0x6E: return .character(0x0A)  // n
        case 0x72: return .character(0x0D)  // r
        case 0x74: return .character(0x09)  // t
        case 0x76: return .character(0x0B)  // v
        case 0x62 where inClass: return .character(0x08)  // [\b] is backspace
        case 0x2D where inClass: return .character(0x2D)  // [\-]
        case 0x63:  // \cX
            guard let letter = peek(), Self.isASCIILetter(letter) else {
                throw error("invalid control escape \\c", at: start)
            }
            i += 1
            return .character(letter % 32)
        case 0x30:  // \0
            if let next = peek(), Self.isDecimalDigit(next) {
                throw error("invalid decimal escape (octal escapes are not allowed)", at: start)
            }
            return .character(0)
        case 0x78:  // \xHH
            guard let h1 = peek().flatMap(Self.hexValue), let h2 = peek(1).flatMap(Self.hexValue) else {
                throw error("invalid \\x escape: expected two hex digits", at: start)
            }
            i += 2
            return .character(h1 << 4 | h2)
        case 0x75:  // \uHHHH or \u{H...}
            let value = try parseUnicodeEscapeBody(start: start)
            if value >= 0xD800 && value <= 0xDBFF && peek() == 0x5C && peek(1) == 0x75 && peek(2) != 0x7B {
                // A surrogate pair written as two escapes is one code point in Unicode mode.
                let save = i
                i += 2
                if let trail = try? parseUnicodeEscapeBody(start: save), trail >= 0xDC00 && trail <= 0xDFFF {
                    return .character(0x10000 + ((value - 0xD800) << 10) + (trail - 0xDC00))
                }
                i = save
            }
            return .character(value)
        default:
            if (c >= 0x30 && c <= 0x39) || Self.isASCIILetter(c) {
                throw error("invalid escape \\\(Unicode.Scalar(c).map { String($0) } ?? "?")", at: start)
            }
            return .character(c)  // identity escape: \. \/ \- \\ \[ ...
        }
    }

    /// Parses `HHHH` or `{H...}` after `\u`.
    private mutating func parseUnicodeEscapeBody(start: Int) throws(RegexSyntaxError) -> UInt32 {
        if peek() == 0x7B {
            i += 1
            var value: UInt32 = 0
            var digits = 0
            while let c = peek(), let h = Self.hexValue(c) {
                value = value << 4 | h
                digits += 1
                i += 1
                if value > 0x10FFFF { throw error("\\u{...} escape out of range", at: start) }
            }
            guard digits > 0, peek() == 0x7D else { throw error("invalid \\u{...} escape", at: start) }
            i += 1
            return value
        }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let c = peek(), let h = Self.hexValue(c) else {
                throw error("invalid \\u escape: expected four hex digits", at: start)
            }
            value = value << 4 | h
            i += 1
        }
        return value
    }

    /// Parses `{Name}` or `{Name=Value}` after `\p` / `\P`.
    private mutating func parsePropertyEscape(negated: Bool, start: Int) throws(RegexSyntaxError) -> RegexCharacterClass
    {
        guard peek() == 0x7B else { throw error("invalid property escape: expected '{'", at: start) }
        i += 1
        var text = String.UnicodeScalarView()
        while let c = peek(), c != 0x7D {
            guard let s = Unicode.Scalar(c), c < 0x80 else { throw error("invalid property name", at: i) }
            text.append(s)
            i += 1
        }
        guard peek() == 0x7D else { throw error("unterminated property escape", at: start) }
        i += 1
        let body = String(text)
        var set = RegexCharacterClass()
        if let eq = body.firstIndex(of: "=") {
            let name = String(body[..<eq])
            let value = String(body[body.index(after: eq)...])
            switch name {
            case "General_Category", "gc":
                guard let categories = GeneralCategorySet.named(value) else {
                    throw error("unknown General_Category value '\(value)'", at: start)
                }
                set.categories = negated ? categories.complement : categories
            case "Script", "sc", "Script_Extensions", "scx":
                throw error("Unicode script properties are not supported", at: start)
            default:
                throw error("unknown Unicode property '\(name)'", at: start)
            }
        } else if let categories = GeneralCategorySet.named(body) {
            set.categories = negated ? categories.complement : categories
        } else if let property = BinaryUnicodeProperty.named(body) {
            if negated { set.negatedProperties = [property] } else { set.properties = [property] }
        } else {
            throw error("unknown Unicode property '\(body)'", at: start)
        }
        return set
    }

    // MARK: Character classes

    private mutating func parseClass() throws(RegexSyntaxError) -> RegexCharacterClass {
        let start = i
        i += 1  // [
        var set = RegexCharacterClass()
        if peek() == 0x5E {
            set.negated = true
            i += 1
        }
        while true {
            guard let c = peek() else { throw error("unterminated character class", at: start) }
            if c == 0x5D {
                i += 1
                break
            }
            let atomStart = i
            let first = try parseClassAtom()
            // A range needs '-' followed by something other than ']'.
            if peek() == 0x2D, let next = peek(1), next != 0x5D {
                i += 1
                let second = try parseClassAtom()
                switch (first, second) {
                case (.character(let lo), .character(let hi)):
                    guard lo <= hi else { throw error("range out of order in character class", at: atomStart) }
                    set.insert(lo, hi)
                default:
                    // Annex B: a class escape as a range endpoint makes the '-' literal.
                    add(first, to: &set)
                    set.insert(0x2D, 0x2D)
                    add(second, to: &set)
                }
            } else {
                add(first, to: &set)
            }
        }
        return set
    }

    private func add(_ atom: EscapeResult, to set: inout RegexCharacterClass) {
        switch atom {
        case .character(let c): set.insert(c, c)
        case .set(let other): set.formUnion(other)
        }
    }

    private mutating func parseClassAtom() throws(RegexSyntaxError) -> EscapeResult {
        guard let c = peek() else { throw error("unterminated character class") }
        if c != 0x5C {
            i += 1
            return .character(c)
        }
        let start = i
        i += 1
        guard let e = peek() else { throw error("\\ at end of pattern", at: start) }
        if e == 0x42 || e == 0x6B || (e >= 0x31 && e <= 0x39) {  // \B \k \1-\9 are not allowed in classes
            throw error("invalid escape in character class", at: start)
        }
        return try parseEscapeBody(inClass: true, start: start)
    }
}
