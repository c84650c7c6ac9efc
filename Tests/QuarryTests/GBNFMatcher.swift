/// A small recogniser for the GBNF grammars ``GrammarCompiler`` writes (literals, character
/// classes, rule references, groups, alternation and the quantifiers `?`, `*`, `+`, `{m}`,
/// `{m,}`, `{m,n}`), so tests can check what a compiled grammar accepts and rejects instead of
/// only how its rules are spelled. It explores every parse (a set of end positions per step),
/// which is plenty for the short values tests feed it.
struct GBNFMatcher {
    indirect enum Node {
        case literal([Unicode.Scalar])
        case characterClass(negated: Bool, ranges: [ClosedRange<UInt32>])
        case rule(String)
        case sequence([Node])
        case alternatives([Node])
        case repeated(Node, minimum: Int, maximum: Int?)
    }

    struct SyntaxError: Error, CustomStringConvertible {
        var description: String
    }

    /// The text nests deeper than the recogniser follows: the answer would be a guess.
    struct TooDeep: Error {}

    private(set) var rules: [String: Node] = [:]

    /// Parses `grammar`, one `name ::= body` rule per line.
    init(_ grammar: String) throws {
        for line in grammar.split(separator: "\n") where !line.isEmpty {
            guard let separator = line.range(of: " ::= ") else { throw SyntaxError(description: "no ::= in \(line)") }
            var parser = Parser(scalars: Array(line[separator.upperBound...].unicodeScalars))
            let body = try parser.alternatives()
            guard parser.index == parser.scalars.count else {
                throw SyntaxError(description: "trailing text in \(line)")
            }
            rules[String(line[..<separator.lowerBound])] = body
        }
        for name in rules.keys {
            try checkReferences(rules[name]!, in: name)
        }
    }

    /// Whether `text` is exactly one `root`; throws ``TooDeep`` rather than guess.
    func accepts(_ text: String) throws -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let root = rules["root"] else { return false }
        return try ends(of: root, in: scalars, from: 0, depth: 0).contains(scalars.count)
    }

    private func checkReferences(_ node: Node, in rule: String) throws {
        switch node {
        case .rule(let name):
            if rules[name] == nil { throw SyntaxError(description: "\(rule) refers to undefined \(name)") }
        case .sequence(let nodes), .alternatives(let nodes):
            for node in nodes { try checkReferences(node, in: rule) }
        case .repeated(let node, _, _): try checkReferences(node, in: rule)
        case .literal, .characterClass: break
        }
    }

    private func ends(of node: Node, in text: [Unicode.Scalar], from start: Int, depth: Int) throws -> Set<Int> {
        guard depth < 400 else { throw TooDeep() }
        switch node {
        case .literal(let scalars):
            guard start + scalars.count <= text.count, Array(text[start..<start + scalars.count]) == scalars else {
                return []
            }
            return [start + scalars.count]
        case .characterClass(let negated, let ranges):
            guard start < text.count else { return [] }
            let inside = ranges.contains { $0.contains(text[start].value) }
            return inside != negated ? [start + 1] : []
        case .rule(let name):
            return try ends(of: rules[name]!, in: text, from: start, depth: depth + 1)
        case .sequence(let nodes):
            var positions: Set<Int> = [start]
            for node in nodes {
                positions = Set(try positions.flatMap { try ends(of: node, in: text, from: $0, depth: depth + 1) })
                if positions.isEmpty { return [] }
            }
            return positions
        case .alternatives(let nodes):
            return Set(try nodes.flatMap { try ends(of: $0, in: text, from: start, depth: depth + 1) })
        case .repeated(let node, let minimum, let maximum):
            var result: Set<Int> = minimum == 0 ? [start] : []
            var frontier: Set<Int> = [start]
            var count = 0
            while !frontier.isEmpty, maximum.map({ count < $0 }) ?? true {
                count += 1
                var next = Set(try frontier.flatMap { try ends(of: node, in: text, from: $0, depth: depth + 1) })
                // Positions already reached with fewer repetitions add nothing new once the
                // minimum is met (and an empty repetition would loop forever).
                if count > minimum { next.subtract(result) }
                if count >= minimum { result.formUnion(next) }
                frontier = next
            }
            return result
        }
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0

        init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

        mutating func skipSpaces() {
            while index < scalars.count, scalars[index] == " " { index += 1 }
        }

        mutating func alternatives() throws -> Node {
            var options = [try sequence()]
            while index < scalars.count, scalars[index] == "|" {
                index += 1
                options.append(try sequence())
            }
            return options.count == 1 ? options[0] : .alternatives(options)
        }

        mutating func sequence() throws -> Node {
            var items: [Node] = []
            skipSpaces()
            while index < scalars.count, scalars[index] != "|", scalars[index] != ")" {
                items.append(try quantified(try atom()))
                skipSpaces()
            }
            return .sequence(items)
        }

        mutating func atom() throws -> Node {
            let scalar = scalars[index]
            switch scalar {
            case "\"":
                index += 1
                var literal: [Unicode.Scalar] = []
                while index < scalars.count, scalars[index] != "\"" {
                    literal.append(try escaped())
                }
                guard index < scalars.count else { throw SyntaxError(description: "unterminated literal") }
                index += 1
                return .literal(literal)
            case "[":
                index += 1
                let negated = index < scalars.count && scalars[index] == "^"
                if negated { index += 1 }
                var ranges: [ClosedRange<UInt32>] = []
                while index < scalars.count, scalars[index] != "]" {
                    let low = try escaped().value
                    if index + 1 < scalars.count, scalars[index] == "-", scalars[index + 1] != "]" {
                        index += 1
                        let high = try escaped().value
                        guard low <= high else { throw SyntaxError(description: "reversed range") }
                        ranges.append(low...high)
                    } else {
                        ranges.append(low...low)
                    }
                }
                guard index < scalars.count else { throw SyntaxError(description: "unterminated class") }
                index += 1
                return .characterClass(negated: negated, ranges: ranges)
            case "(":
                index += 1
                let inner = try alternatives()
                guard index < scalars.count, scalars[index] == ")" else {
                    throw SyntaxError(description: "unclosed group")
                }
                index += 1
                return inner
            default:
                var name = ""
                while index < scalars.count,
                    scalars[index].properties.isAlphabetic || ("0"..."9").contains(scalars[index])
                        || scalars[index] == "-" || scalars[index] == "_"
                {
                    name.unicodeScalars.append(scalars[index])
                    index += 1
                }
                guard !name.isEmpty else { throw SyntaxError(description: "unexpected \(scalar)") }
                return .rule(name)
            }
        }

        mutating func quantified(_ node: Node) throws -> Node {
            guard index < scalars.count else { return node }
            switch scalars[index] {
            case "?":
                index += 1
                return .repeated(node, minimum: 0, maximum: 1)
            case "*":
                index += 1
                return .repeated(node, minimum: 0, maximum: nil)
            case "+":
                index += 1
                return .repeated(node, minimum: 1, maximum: nil)
            case "{":
                index += 1
                let minimum = number() ?? 0
                var maximum: Int? = minimum
                if index < scalars.count, scalars[index] == "," {
                    index += 1
                    maximum = number()
                }
                guard index < scalars.count, scalars[index] == "}" else {
                    throw SyntaxError(description: "bad repetition")
                }
                index += 1
                return .repeated(node, minimum: minimum, maximum: maximum)
            default: return node
            }
        }

        mutating func number() -> Int? {
            var digits = ""
            while index < scalars.count, ("0"..."9").contains(scalars[index]) {
                digits.unicodeScalars.append(scalars[index])
                index += 1
            }
            return Int(digits)
        }

        /// One character of a literal or class, with its escape resolved.
        mutating func escaped() throws -> Unicode.Scalar {
            let scalar = scalars[index]
            index += 1
            guard scalar == "\\" else { return scalar }
            guard index < scalars.count else { throw SyntaxError(description: "dangling escape") }
            let code = scalars[index]
            index += 1
            switch code {
            case "n": return "\n"
            case "r": return "\r"
            case "t": return "\t"
            case "x", "u", "U":
                // llama.cpp's escapes: \xXX, \uXXXX and \UXXXXXXXX.
                let width = code == "x" ? 2 : code == "u" ? 4 : 8
                guard index + width <= scalars.count,
                    let value = UInt32(String(String.UnicodeScalarView(scalars[index..<index + width])), radix: 16),
                    let result = Unicode.Scalar(value)
                else { throw SyntaxError(description: "bad \\\(code) escape") }
                index += width
                return result
            case "\\", "\"", "[", "]": return code
            default: throw SyntaxError(description: "unknown escape \\\(code), which llama.cpp rejects")
            }
        }
    }
}
