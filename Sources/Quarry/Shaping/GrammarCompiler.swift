import Foundation
import QuarrySchema

/// Compiles a (shaped) JSON Schema into a GBNF grammar — the grammar language of llama.cpp's
/// server — for ``ExtractionPolicy/grammarCompilation``.
///
/// The server's own schema-to-grammar converter lets the model write any whitespace and any
/// number, so a small model pays for indentation and writes `1.41873` where `multipleOf: 0.01`
/// wants cents. The grammar compiled here allows compact JSON only, gives a number as many
/// decimal places as a `multipleOf` of 0.1, 0.01, … allows, drops the sign where `minimum` is
/// at least 0, and keeps what the server enforces (types, `required`, `enum`, `const`, sizes,
/// dates, times, UUIDs, anchored patterns, small integer ranges).
///
/// A grammar enforces what it can say exactly and leaves the rest to the prompt and to
/// validation, which always uses the original schema: where a string has both a `format` and a
/// `pattern` (or lengths) only the first is enforced, `uniqueItems` and a `multipleOf` other
/// than 1 or 0.1, 0.01, … are not, and ``enforces(_:in:)`` tells ``SchemaShaper`` which notes
/// the prompt still needs. A grammar never shuts out a value the schema allows, with a few
/// deliberate exceptions that keep a small model short and on track: properties come in the
/// schema's order (undeclared ones are left out), a schema with `properties` (or `items`) but
/// no `type` is written as an object (or array), e-mail addresses have bounded parts, and times
/// have at most three decimal places, an uppercase `T` and `Z`, and no leap second. A schema using
/// anything it cannot translate (`allOf`, `not`, conditionals, `patternProperties`, `$ref`
/// with constraining siblings, remote references, a reference that recurses before writing a
/// character, ...) gives `nil`, and the request carries the schema as before. Repetition counts
/// stay below llama.cpp's limit of 2 000.
enum GrammarCompiler {
    /// The grammar for `schema`, or `nil` when the schema uses something it cannot translate.
    static func grammar(for schema: JSONValue) -> String? {
        memo.value(for: schema, variant: 0) { schema in
            var compiler = Compilation(root: schema)
            guard let root = compiler.expression(for: schema, depth: 0), !compiler.hasLeftRecursion else {
                return nil
            }
            let rules = [("root", root)] + compiler.rules + Compilation.primitives
            return rules.map { "\($0.0) ::= \($0.1)" }.joined(separator: "\n") + "\n"
        }
    }

    /// Grammars compiled so far, by schema document (the same schema is compiled once).
    private static let memo = DocumentMemo<Int, String?>()

    /// The grammar for the rest of a document whose beginning is already written: `value`, the
    /// document recovered so far, written up to and including the value at `pointer` with every
    /// enclosing object and array left open (``CutOffContinuation/prefix(of:through:)``). It
    /// allows what the grammar for `schema` allows after that point — the enclosing objects'
    /// later properties and arrays' further items, innermost first, each closed in turn — so
    /// prefix and continuation together are a document the whole grammar accepts.
    ///
    /// `nil` when `schema` has no grammar, `pointer` is the root, or a container on the way
    /// cannot be told apart (an `anyOf` with two object branches) or does not declare the
    /// member the pointer names.
    static func continuationGrammar(for schema: JSONValue, after pointer: JSONPointer, in value: JSONValue) -> String? {
        guard !pointer.tokens.isEmpty, grammar(for: schema) != nil else { return nil }
        var compiler = Compilation(root: schema)
        guard let parts = compiler.rest(of: schema, value: value, path: pointer.tokens[...], depth: 0),
            !compiler.hasLeftRecursion
        else { return nil }
        let rules = [("root", parts.joined(separator: " "))] + compiler.rules + Compilation.primitives
        return rules.map { "\($0.0) ::= \($0.1)" }.joined(separator: "\n") + "\n"
    }

    /// `"number"` or `"integer"` when a schema object declares that type, alone or with `"null"`.
    static func numericType(of keywords: JSONObject) -> String? { Compilation.numericType(keywords) }

    /// Whether a compiled grammar enforces `keyword` of the schema object `keywords` by
    /// itself, so that the prompt need not describe it (see ``SchemaShaper``).
    static func enforces(_ keyword: String, in keywords: JSONObject) -> Bool {
        let numeric = Compilation.numericType(keywords)
        switch keyword {
        case "format":
            guard Compilation.isString(keywords), let format = keywords["format"]?.stringValue else { return false }
            return Compilation.enforcedFormats.contains(format)
        case "pattern":
            if case .pattern = Compilation.stringConstraint(keywords) { return true }
            return false
        case "minLength", "maxLength":
            return Compilation.stringConstraint(keywords) == .lengths && Compilation.enforcesLengths(keywords)
        case "multipleOf":
            guard numeric != nil, let divisor = keywords["multipleOf"]?.numberValue else { return false }
            return (divisor.isInteger && divisor.int64Value == 1)
                || Compilation.decimalPlaces(ofPowerOfTen: divisor) != nil
        case "minimum":
            if numeric == "integer" { return Compilation.enforcesIntegerBounds(keywords) }
            return numeric == "number" && keywords["minimum"]?.numberValue?.isZero == true
        case "maximum", "exclusiveMinimum", "exclusiveMaximum":
            return numeric == "integer" && Compilation.enforcesIntegerBounds(keywords)
        default:
            return false
        }
    }
}

/// One compilation's state: the named rules written so far and the `$ref` targets they stand for.
private struct Compilation {
    let root: JSONValue
    var rules: [(String, String)] = []
    var referenceRules: [String: String] = [:]
    var ruleCount = 0
    /// The reference rule whose body is being compiled at its start, before any character is
    /// written (`nil` inside an object, array or string).
    var leftOwner: String?
    /// Reference rules that can start with another without writing a character: a cycle here
    /// is left recursion, which llama.cpp rejects.
    var leftEdges: [String: Set<String>] = [:]

    init(root: JSONValue) { self.root = root }

    /// Rules every grammar ends with (compact JSON; the string characters are llama.cpp's).
    static let primitives: [(String, String)] = [
        ("char", #"[^"\\\x7F\x00-\x1F] | [\\] (["\\/bfnrt] | "u" [0-9a-fA-F]{4})"#),
        ("string", #""\"" char* "\"""#),
        ("digits", "\"0\" | [1-9] [0-9]{0,15}"),
        ("integer", "\"-\"? digits"),
        ("number", "\"-\"? digits (\".\" [0-9]{1,16})?"),
        ("boolean", "\"true\" | \"false\""),
        ("null", "\"null\""),
        ("value", "object | array | string | number | boolean | null"),
        ("object", #""{" (string ":" value ("," string ":" value)*)? "}""#),
        ("array", #""[" (value ("," value)*)? "]""#),
    ]

    /// Keywords that only annotate and constrain nothing.
    static let annotations: Set<String> = [
        "title", "description", "$comment", "examples", "default", "deprecated", "readOnly", "writeOnly", "$schema",
        "$id", "$anchor", "$defs", "definitions", "x-eval", "format",
    ]
    /// Keywords this compiler translates (`uniqueItems` and most `multipleOf` values only
    /// pass: the prompt describes them, see ``GrammarCompiler/enforces(_:in:)``).
    static let translated: Set<String> = [
        "type", "enum", "const", "anyOf", "oneOf", "$ref", "properties", "required", "additionalProperties",
        "items", "minItems", "maxItems", "uniqueItems", "minLength", "maxLength", "pattern", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    ]
    /// Keywords that apply to one type only: a schema without `type` using one of them is
    /// compiled as the union of every type, each with the keywords that apply to it.
    static let typeSpecific: Set<String> = [
        "required", "minItems", "maxItems", "uniqueItems", "minLength", "maxLength", "pattern", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "format",
    ]
    /// llama.cpp's grammar parser rejects a repetition count of 2 000 or more.
    static let repetitionLimit = 2_000

    mutating func add(_ body: String) -> String {
        ruleCount += 1
        let name = "r\(ruleCount)"
        rules.append((name, body))
        return name
    }

    mutating func expression(for schema: JSONValue, depth: Int) -> String? {
        guard depth < 48, rules.count < 4_000 else { return nil }
        switch schema {
        case .bool(true): return "value"
        case .object(let keywords): return expression(keywords: keywords, depth: depth)
        default: return nil
        }
    }

    private mutating func expression(keywords: JSONObject, depth: Int) -> String? {
        for key in keywords.keys where !Self.annotations.contains(key) && !Self.translated.contains(key) {
            // Extension keywords (`x-...`) only annotate; anything else is a constraint.
            if !key.hasPrefix("x-") { return nil }
        }
        let constraining = Set(keywords.keys.filter { !Self.annotations.contains($0) && !$0.hasPrefix("x-") })
        if let reference = keywords["$ref"]?.stringValue {
            guard constraining == ["$ref"] else { return nil }
            return referenceRule(reference, depth: depth)
        }
        if keywords["const"] != nil || keywords["enum"] != nil {
            return literals(keywords, constraining: constraining)
        }
        for keyword in ["anyOf", "oneOf"] {
            guard let branches = keywords[keyword]?.arrayValue else { continue }
            guard constraining == [keyword], !branches.isEmpty else { return nil }
            // `oneOf` rejects a value two branches accept: an alternation says it exactly only
            // when no value fits two branches.
            if keyword == "oneOf", !Self.areDisjoint(branches) { return nil }
            var parts: [String] = []
            for branch in branches {
                guard let part = expression(for: branch, depth: depth + 1) else { return nil }
                parts.append(part)
            }
            return "(" + parts.joined(separator: " | ") + ")"
        }
        let types: [String]
        if keywords["type"] != nil {
            guard let declared = Self.declaredTypes(keywords), !declared.isEmpty else { return nil }
            types = declared
        } else {
            if keywords["properties"] != nil || keywords["additionalProperties"] != nil {
                types = ["object"]
            } else if keywords["items"] != nil {
                types = ["array"]
            } else if !Self.typeSpecific.isDisjoint(with: keywords.keys) {
                // `{"minLength": 2}` allows any number, object, ...: only strings are constrained.
                types = ["object", "array", "string", "number", "boolean", "null"]
            } else {
                return "value"
            }
        }
        var parts: [String] = []
        for type in types {
            guard let part = expression(type: type, keywords: keywords, depth: depth) else { return nil }
            parts.append(part)
        }
        return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " | ") + ")"
    }

    /// `const` or `enum` as an alternation of literals: only the values the sibling keywords
    /// also allow (`{"type": "string", "enum": ["a", 1]}` allows `"a"` alone).
    private func literals(_ keywords: JSONObject, constraining: Set<String>) -> String? {
        var values = keywords["const"].map { [$0] } ?? keywords["enum"]?.arrayValue ?? []
        if keywords["const"] != nil, let allowed = keywords["enum"]?.arrayValue {
            values = values.filter(allowed.contains)
        }
        let siblings = constraining.subtracting(["const", "enum"])
        if !siblings.isEmpty {
            // Composite or referencing siblings cannot be checked here on their own.
            guard siblings.isDisjoint(with: ["$ref", "anyOf", "oneOf", "properties", "items", "additionalProperties"]),
                let sibling = try? Schema(compiling: .object(keywords))
            else { return nil }
            values = values.filter(sibling.isValid)
        }
        guard !values.isEmpty else { return nil }
        return values.count == 1 ? literal(values[0]) : "(" + values.map(literal).joined(separator: " | ") + ")"
    }

    /// Whether no value can fit two of `branches`: each branch's possible JSON types (or its
    /// literal values) are known and no two overlap.
    private static func areDisjoint(_ branches: [JSONValue]) -> Bool {
        var seenTypes: Set<String> = []
        var seenLiterals: [JSONValue] = []
        for branch in branches {
            guard let keywords = branch.objectValue else { return false }
            if let values = keywords["const"].map({ [$0] }) ?? keywords["enum"]?.arrayValue {
                guard !values.contains(where: seenLiterals.contains),
                    !values.contains(where: { seenTypes.contains($0.typeName) })
                else { return false }
                seenLiterals += values
                continue
            }
            guard var types = declaredTypes(keywords).map(Set.init) else { return false }
            // Every integer is a number: the two overlap.
            if types.contains("number") || types.contains("integer") { types.formUnion(["number", "integer"]) }
            guard seenTypes.isDisjoint(with: types),
                !seenLiterals.contains(where: { types.contains($0.typeName) })
            else { return false }
            seenTypes.formUnion(types)
        }
        return true
    }

    /// The types a schema object declares with `type`, in order, or `nil` without one (or with
    /// one that is not a name or a list of names).
    private static func declaredTypes(_ keywords: JSONObject) -> [String]? {
        switch keywords["type"] {
        case .string(let name)?: return [name]
        case .array(let names)?:
            let strings = names.compactMap(\.stringValue)
            return strings.count == names.count ? strings : nil
        default: return nil
        }
    }

    /// `"number"` or `"integer"` when the keywords declare that type, alone or with `"null"`.
    static func numericType(_ keywords: JSONObject) -> String? {
        guard let types = declaredTypes(keywords).map({ Set($0).subtracting(["null"]) }), types.count == 1,
            let type = types.first, type == "number" || type == "integer"
        else { return nil }
        return type
    }

    /// Whether the keywords declare the `string` type, alone or with `"null"`.
    static func isString(_ keywords: JSONObject) -> Bool {
        declaredTypes(keywords).map { Set($0).subtracting(["null"]) } == ["string"]
    }

    private mutating func expression(type: String, keywords: JSONObject, depth: Int) -> String? {
        switch type {
        case "string": return stringExpression(keywords)
        case "integer": return integerExpression(keywords)
        case "number": return numberExpression(keywords)
        case "boolean": return "boolean"
        case "null": return "null"
        case "array": return arrayExpression(keywords, depth: depth)
        case "object": return objectExpression(keywords, depth: depth)
        default: return nil
        }
    }

    private mutating func referenceRule(_ reference: String, depth: Int) -> String? {
        if let name = referenceRules[reference] {
            if let owner = leftOwner { leftEdges[owner, default: []].insert(name) }
            return name
        }
        guard reference.hasPrefix("#"), let pointer = try? JSONPointer(fragment: String(reference.dropFirst())),
            let target = pointer.resolve(in: root)
        else { return nil }
        // Name the rule before compiling the target, so a recursive schema refers to it.
        let name = "ref\(referenceRules.count + 1)"
        referenceRules[reference] = name
        if let owner = leftOwner { leftEdges[owner, default: []].insert(name) }
        let index = rules.count
        rules.append((name, ""))
        let enclosing = leftOwner
        leftOwner = name
        defer { leftOwner = enclosing }
        guard let body = expression(for: target, depth: depth + 1) else { return nil }
        rules[index].1 = body
        return name
    }

    /// Compiles what follows a written character (an object's or array's members), where no
    /// reference is at the start of a rule.
    private mutating func afterACharacter<Result>(_ body: (inout Compilation) -> Result) -> Result {
        let enclosing = leftOwner
        leftOwner = nil
        defer { leftOwner = enclosing }
        return body(&self)
    }

    /// Whether some reference rule can start with itself without writing a character (as in
    /// `{"anyOf": [{"$ref": "#"}, {"type": "null"}]}`).
    var hasLeftRecursion: Bool {
        var finished: Set<String> = []
        var onPath: Set<String> = []
        func cycles(from name: String) -> Bool {
            if onPath.contains(name) { return true }
            if finished.contains(name) { return false }
            onPath.insert(name)
            defer {
                onPath.remove(name)
                finished.insert(name)
            }
            return leftEdges[name, default: []].contains(where: cycles)
        }
        return leftEdges.keys.contains(where: cycles)
    }

    // MARK: Strings

    private static let formats: [String: String] = [
        // Days per month (29 in February: a leap year is left to the validator).
        "date": #"[0-9]{4} "-" (("0" [13578] | "1" [02]) "-" ("0" [1-9] | [1-2] [0-9] | "3" [0-1]) "#
            + #"| ("0" [469] | "11") "-" ("0" [1-9] | [1-2] [0-9] | "30") | "02-" ("0" [1-9] | [1-2] [0-9]))"#,
        "time": #"([01] [0-9] | "2" [0-3]) ":" [0-5] [0-9] ":" [0-5] [0-9] ("." [0-9]{1,3})? "#
            + #"("Z" | [+\x2D] ([01] [0-9] | "2" [0-3]) ":" [0-5] [0-9])"#,
        "uuid": #"[0-9a-fA-F]{8} "-" [0-9a-fA-F]{4} "-" [0-9a-fA-F]{4} "-" [0-9a-fA-F]{4} "-" [0-9a-fA-F]{12}"#,
        // A dot-atom mailbox of at most three atoms of 20 characters (within the 64 allowed) at
        // a host name of two to four labels: short enough that a model looping inside an
        // address is stopped by the grammar.
        "email": #"[A-Za-z0-9_%+\x2D]{1,20} ("." [A-Za-z0-9_%+\x2D]{1,20}){0,2} "@" "#
            + #"([A-Za-z0-9] ([A-Za-z0-9\x2D]{0,30} [A-Za-z0-9])? "."){1,3} "#
            + #"[A-Za-z] ([A-Za-z0-9\x2D]{0,20} [A-Za-z0-9])?"#,
    ]

    /// The `format` values the compiled grammar enforces.
    static var enforcedFormats: Set<String> { Set(formats.keys).union(["date-time"]) }

    /// The one string constraint a compiled grammar enforces: a known `format`, else an
    /// anchored `pattern` it can translate (each with the GBNF for the characters between the
    /// quotes), else the lengths (GBNF cannot intersect them).
    enum StringConstraint: Equatable {
        case format(String)
        case pattern(String)
        case lengths
    }

    static func stringConstraint(_ keywords: JSONObject) -> StringConstraint {
        switch keywords["format"]?.stringValue {
        case "date-time"?:
            if let date = formats["date"], let time = formats["time"] { return .format(date + " \"T\" " + time) }
        case let format?:
            if let body = formats[format] { return .format(body) }
        case nil: break
        }
        if let body = keywords["pattern"]?.stringValue.flatMap(RegexGrammar.expression(forPattern:)) {
            return .pattern(body)
        }
        return .lengths
    }

    /// The lengths the grammar writes: `minLength` and `maxLength` below llama.cpp's repetition
    /// limit (a larger maximum is left to validation).
    static func lengths(_ keywords: JSONObject) -> (minimum: Int, maximum: Int?) {
        let minimum = keywords["minLength"]?.numberValue?.intValue ?? 0
        let maximum = keywords["maxLength"]?.numberValue?.intValue
        return (minimum, maximum.flatMap { $0 < repetitionLimit ? $0 : nil })
    }

    /// Whether the grammar enforces both `minLength` and `maxLength` as given.
    static func enforcesLengths(_ keywords: JSONObject) -> Bool {
        let (minimum, maximum) = lengths(keywords)
        return minimum < repetitionLimit && (keywords["maxLength"] == nil || maximum != nil)
    }

    private mutating func stringExpression(_ keywords: JSONObject) -> String? {
        switch Self.stringConstraint(keywords) {
        case .format(let body), .pattern(let body):
            return "\"\\\"\" " + body + " \"\\\"\""
        case .lengths:
            let (minimum, maximum) = Self.lengths(keywords)
            guard minimum > 0 || maximum != nil else { return "string" }
            guard minimum >= 0, minimum < Self.repetitionLimit, minimum <= (maximum ?? .max) else { return nil }
            let count = maximum.map { "{\(minimum),\($0)}" } ?? "{\(minimum),}"
            return add("\"\\\"\" char\(count) \"\\\"\"")
        }
    }

    // MARK: Numbers

    /// Whether every value the keywords allow is at least 0.
    private static func isNonNegative(_ keywords: JSONObject) -> Bool {
        for keyword in ["minimum", "exclusiveMinimum"] {
            if let bound = keywords[keyword]?.numberValue, !bound.isNegative { return true }
        }
        return false
    }

    private mutating func integerExpression(_ keywords: JSONObject) -> String? {
        guard !Self.hasUnwritableBounds(keywords) else { return nil }
        let (low, high) = Self.integerBounds(keywords)
        if let low, let high, low <= high {
            let (span, overflow) = high.subtractingReportingOverflow(low)
            if !overflow, span < 256 {
                return "(" + (low...high).map { "\"\($0)\"" }.joined(separator: " | ") + ")"
            }
        }
        if let low, high == nil {
            if low == 0 { return "digits" }
            if (1...9).contains(low) { return low == 1 ? "[1-9] [0-9]{0,15}" : "([\(low)-9] | [1-9] [0-9]{1,15})" }
        }
        return Self.isNonNegative(keywords) ? "digits" : "integer"
    }

    /// The least and greatest integers `minimum`, `exclusiveMinimum`, `maximum` and
    /// `exclusiveMaximum` allow together (`nil` where there is no bound, or one too large).
    static func integerBounds(_ keywords: JSONObject) -> (low: Int64?, high: Int64?) {
        func bound(_ keyword: String, _ mode: NSDecimalNumber.RoundingMode, offset: Int64) -> Int64? {
            guard let number = keywords[keyword]?.numberValue, let whole = wholeNumber(number, rounding: mode) else {
                return nil
            }
            return whole + offset
        }
        // An exclusive bound: the next integer past it (past 2.5 is 3; past 2 is 3 too).
        let lows = [
            bound("minimum", .up, offset: 0), bound("exclusiveMinimum", .down, offset: 1),
        ]
        let highs = [
            bound("maximum", .down, offset: 0), bound("exclusiveMaximum", .up, offset: -1),
        ]
        return (lows.compactMap { $0 }.max(), highs.compactMap { $0 }.min())
    }

    /// `number` rounded to a whole number exactly (in decimal, not through `Double`), when it is
    /// below 10¹⁵ in size: larger bounds are not written into a grammar.
    static func wholeNumber(_ number: JSONNumber, rounding mode: NSDecimalNumber.RoundingMode) -> Int64? {
        if let value = number.int64Value { return abs(value) < 1_000_000_000_000_000 ? value : nil }
        guard var exact = Decimal(string: number.description), exact.isFinite,
            abs(exact) < Decimal(1_000_000_000_000_000)
        else { return nil }
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, 0, mode)
        return Int64(exactly: NSDecimalNumber(decimal: rounded).doubleValue)
    }

    /// Whether a lower bound is too large for the grammar's 16 digits, or an upper bound too
    /// small: no value it could write is allowed.
    static func hasUnwritableBounds(_ keywords: JSONObject) -> Bool {
        let limit = 1e15
        return ["minimum", "exclusiveMinimum"].contains {
            keywords[$0]?.numberValue.map { $0.doubleValue >= limit } ?? false
        }
            || ["maximum", "exclusiveMaximum"].contains {
                keywords[$0]?.numberValue.map { $0.doubleValue <= -limit } ?? false
            }
    }

    /// Whether the grammar for an integer (``integerExpression(_:)``) enforces all its bounds.
    static func enforcesIntegerBounds(_ keywords: JSONObject) -> Bool {
        let given = ["minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"].filter { keywords[$0] != nil }
        // Every bound given must have become `low` or `high` (none too large to say).
        let sayable = given.allSatisfy { keyword in
            keywords[keyword]?.numberValue.flatMap { wholeNumber($0, rounding: .down) } != nil
        }
        guard sayable else { return false }
        let (low, high) = integerBounds(keywords)
        switch (low, high) {
        case (nil, nil): return true
        case (let low?, nil): return (0...9).contains(low)
        case (let low?, let high?):
            let (span, overflow) = high.subtractingReportingOverflow(low)
            return low <= high && !overflow && span < 256
        case (nil, _?): return false
        }
    }

    private mutating func numberExpression(_ keywords: JSONObject) -> String? {
        guard !Self.hasUnwritableBounds(keywords) else { return nil }
        let sign = Self.isNonNegative(keywords) ? "" : "\"-\"? "
        var places = 16
        if let divisor = keywords["multipleOf"]?.numberValue {
            if divisor.isInteger, divisor.int64Value == 1 {
                places = 0
            } else if let power = Self.decimalPlaces(ofPowerOfTen: divisor) {
                places = power
            }
        }
        let fraction = places == 0 ? "" : " (\".\" [0-9]{1,\(places)})?"
        let body = sign + "digits" + fraction
        return body == "\"-\"? digits (\".\" [0-9]{1,16})?" ? "number" : add(body)
    }

    /// `k` when `divisor` is 10⁻ᵏ (0.1, 0.01, ... up to 10⁻⁹), otherwise `nil`.
    static func decimalPlaces(ofPowerOfTen divisor: JSONNumber) -> Int? {
        let text = divisor.description
        guard text.hasPrefix("0."), text.hasSuffix("1") else { return nil }
        let digits = text.dropFirst(2)
        guard digits.dropLast().allSatisfy({ $0 == "0" }), digits.count <= 9 else { return nil }
        return digits.count
    }

    // MARK: Arrays and objects

    private mutating func arrayExpression(_ keywords: JSONObject, depth: Int) -> String? {
        var item = "value"
        if let items = keywords["items"] {
            guard let expression = afterACharacter({ $0.expression(for: items, depth: depth + 1) }) else { return nil }
            // A repeated item is a named rule: llama.cpp copies a repeated expression once per
            // repetition, and copies of copies multiply.
            item = Self.isName(expression) ? expression : add(expression)
        }
        if keywords["maxItems"]?.numberValue?.intValue == 0 {
            return Self.moreItems(item, keywords: keywords, written: 0) == nil ? nil : "\"[]\""
        }
        guard let more = Self.moreItems(item, keywords: keywords, written: 1) else { return nil }
        let minimum = keywords["minItems"]?.numberValue?.intValue ?? 0
        return add(minimum == 0 ? "\"[\" (\(item) \(more))? \"]\"" : "\"[\" \(item) \(more) \"]\"")
    }

    /// Whether `expression` is a single rule name.
    private static func isName(_ expression: String) -> Bool {
        !expression.isEmpty && expression.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
    }

    private mutating func objectExpression(_ keywords: JSONObject, depth: Int) -> String? {
        let properties = keywords["properties"]?.objectValue ?? JSONObject()
        let required = Set((keywords["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        guard required.isSubset(of: Set(properties.keys)) else { return nil }
        if properties.keys.isEmpty {
            switch keywords["additionalProperties"] {
            case .bool(false)?: return "\"{}\""
            case nil, .bool(true)?: return "object"
            case let schema?:
                guard let value = afterACharacter({ $0.expression(for: schema, depth: depth + 1) }) else { return nil }
                return add("\"{\" (string \":\" \(value) (\",\" string \":\" \(value))*)? \"}\"")
            }
        }
        guard let members = members(of: properties, required: required, depth: depth) else { return nil }
        let first = memberChains(members).first[0]
        return add("\"{\" \(first.isEmpty ? "" : first + " ")\"}\"")
    }

    /// Each declared property as `"name": value`, in the schema's order, and whether it is required.
    private mutating func members(of properties: JSONObject, required: Set<String>, depth: Int) -> [(
        text: String, required: Bool
    )]? {
        var members: [(text: String, required: Bool)] = []
        for (name, schema) in zip(properties.keys, properties.values) {
            guard let value = afterACharacter({ $0.expression(for: schema, depth: depth + 1) }) else { return nil }
            let key = Self.quoted(JSONValue.string(name).serialized() + ":")
            members.append((key + " " + value, required.contains(name)))
        }
        return members
    }

    /// after[i]: members i... once one has been written (each optional one is `("," m)?`);
    /// first[i]: members i... before any has been written. Both end with `""` (nothing left).
    private mutating func memberChains(_ members: [(text: String, required: Bool)]) -> (
        after: [String], first: [String]
    ) {
        var after = Array(repeating: "", count: members.count + 1)
        var first = Array(repeating: "", count: members.count + 1)
        for index in stride(from: members.count - 1, through: 0, by: -1) {
            let member = members[index]
            let rest = after[index + 1]
            let tail = rest.isEmpty ? "" : " " + rest
            if index > 0 {
                after[index] =
                    add(member.required ? "\",\" \(member.text)\(tail)" : "(\",\" \(member.text))?\(tail)")
            }
            let written = "\(member.text)\(tail)"
            if member.required {
                first[index] = written
            } else {
                let skip = first[index + 1]
                first[index] = skip.isEmpty ? "(\(written))?" : add("\(written) | \(skip)")
            }
        }
        return (after, first)
    }

    /// The repetition of `"," item` that may follow an array's first `written` items, or `nil`
    /// when `minItems`/`maxItems` cannot be written or `maxItems` is below `written`.
    private static func moreItems(_ item: String, keywords: JSONObject, written: Int) -> String? {
        let minimum = keywords["minItems"]?.numberValue?.intValue ?? 0
        // A maximum at llama.cpp's repetition limit or above is left to validation.
        let maximum = keywords["maxItems"]?.numberValue?.intValue.flatMap { $0 < Self.repetitionLimit ? $0 : nil }
        guard minimum >= 0, minimum < Self.repetitionLimit, minimum <= (maximum ?? .max) else { return nil }
        let low = max(minimum - written, 0)
        switch maximum.map({ $0 - written }) {
        case nil: return low == 0 ? "(\",\" \(item))*" : "(\",\" \(item)){\(low),}"
        case let high? where high < low: return nil
        case let high?: return low == high ? "(\",\" \(item)){\(low)}" : "(\",\" \(item)){\(low),\(high)}"
        }
    }

    // MARK: Continuations

    /// What may follow the value at `path` inside `value` (described by `schema`): the rest of
    /// each enclosing object and array, innermost first, each with its closing bracket.
    mutating func rest(of schema: JSONValue, value: JSONValue, path: ArraySlice<String>, depth: Int) -> [String]? {
        guard let token = path.first else { return [] }
        guard depth < 48, let keywords = containerKeywords(schema, for: value, hops: 0) else { return nil }
        switch value {
        case .object(let object):
            let properties = keywords["properties"]?.objectValue ?? JSONObject()
            let required = Set((keywords["required"]?.arrayValue ?? []).compactMap(\.stringValue))
            guard let index = properties.keys.firstIndex(of: token), let child = object[token],
                let inner = rest(of: properties.values[index], value: child, path: path.dropFirst(), depth: depth + 1),
                let members = afterACharacter({ $0.members(of: properties, required: required, depth: depth) })
            else { return nil }
            let after = memberChains(members).after[index + 1]
            return inner + (after.isEmpty ? [] : [after]) + ["\"}\""]
        case .array(let items):
            guard let index = Int(token), items.indices.contains(index) else { return nil }
            let itemSchema = keywords["items"] ?? .bool(true)
            guard let inner = rest(of: itemSchema, value: items[index], path: path.dropFirst(), depth: depth + 1),
                let expression = afterACharacter({ $0.expression(for: itemSchema, depth: depth + 1) })
            else { return nil }
            let item = Self.isName(expression) ? expression : add(expression)
            guard let more = Self.moreItems(item, keywords: keywords, written: index + 1) else { return nil }
            return inner + [more, "\"]\""]
        default:
            return nil
        }
    }

    /// The keywords of the one object or array schema that `schema` stands for where `value`
    /// (an object or array) is: references followed, the one `anyOf`/`oneOf` branch for the
    /// value's kind chosen; `nil` when there is none, or more than one.
    private func containerKeywords(_ schema: JSONValue, for value: JSONValue, hops: Int) -> JSONObject? {
        guard hops < 16, case .object(let keywords) = schema else { return nil }
        if let reference = keywords["$ref"]?.stringValue {
            guard reference.hasPrefix("#"), let pointer = try? JSONPointer(fragment: String(reference.dropFirst())),
                let target = pointer.resolve(in: root)
            else { return nil }
            return containerKeywords(target, for: value, hops: hops + 1)
        }
        if let branches = keywords["anyOf"]?.arrayValue ?? keywords["oneOf"]?.arrayValue {
            let matching = branches.compactMap { containerKeywords($0, for: value, hops: hops + 1) }
            return matching.count == 1 ? matching[0] : nil
        }
        let isObject = value.objectValue != nil
        if let types = Self.declaredTypes(keywords) {
            return types.contains(isObject ? "object" : "array") ? keywords : nil
        }
        let markers = isObject ? ["properties", "additionalProperties"] : ["items"]
        return markers.contains { keywords[$0] != nil } ? keywords : nil
    }

    // MARK: Literals

    /// A JSON value written compactly, as a GBNF literal.
    private func literal(_ value: JSONValue) -> String { Self.quoted(value.serialized()) }

    /// `text` as a GBNF double-quoted literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
