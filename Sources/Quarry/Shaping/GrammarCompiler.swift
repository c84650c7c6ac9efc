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
/// Every grammar accepts a subset of the values the schema allows for the keywords it
/// translates (properties come in the schema's order, undeclared properties are left out).
/// A schema using anything it cannot say exactly (`allOf`, `not`, conditionals,
/// `patternProperties`, `$ref` with constraining siblings, remote references, ...) gives `nil`,
/// and the request carries the schema as before.
enum GrammarCompiler {
    /// The grammar for `schema`, or `nil` when the schema uses something it cannot translate.
    static func grammar(for schema: JSONValue) -> String? {
        memo.value(for: schema, variant: 0) { schema in
            var compiler = Compilation(root: schema)
            guard let root = compiler.expression(for: schema, depth: 0) else { return nil }
            let rules = [("root", root)] + compiler.rules + Compilation.primitives
            return rules.map { "\($0.0) ::= \($0.1)" }.joined(separator: "\n") + "\n"
        }
    }

    /// Grammars compiled so far, by schema document (the same schema is compiled once).
    private static let memo = DocumentMemo<Int, String?>()

    /// Whether a compiled grammar enforces `keyword` of the schema object `keywords` by
    /// itself, so that the prompt need not describe it (see ``SchemaShaper``).
    static func enforces(_ keyword: String, in keywords: JSONObject) -> Bool {
        let type = keywords["type"]?.stringValue
        switch keyword {
        case "format":
            guard type == "string", let format = keywords["format"]?.stringValue else { return false }
            return Compilation.enforcedFormats.contains(format)
        case "multipleOf":
            guard type == "number" || type == "integer", let divisor = keywords["multipleOf"]?.numberValue else {
                return false
            }
            return (divisor.isInteger && divisor.int64Value == 1)
                || Compilation.decimalPlaces(ofPowerOfTen: divisor) != nil
        case "minimum":
            if type == "integer" { return Compilation.enforcesIntegerBounds(keywords) }
            return type == "number" && keywords["minimum"]?.numberValue?.isZero == true
        case "maximum":
            return type == "integer" && Compilation.enforcesIntegerBounds(keywords)
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
    /// Keywords this compiler translates.
    static let translated: Set<String> = [
        "type", "enum", "const", "anyOf", "oneOf", "$ref", "properties", "required", "additionalProperties",
        "items", "minItems", "maxItems", "uniqueItems", "minLength", "maxLength", "pattern", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    ]

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
        if let reference = keywords["$ref"]?.stringValue {
            let constraining = keywords.keys.filter { !Self.annotations.contains($0) && !$0.hasPrefix("x-") }
            guard constraining == ["$ref"] else { return nil }
            return referenceRule(reference, depth: depth)
        }
        if let constant = keywords["const"] { return literal(constant) }
        if let values = keywords["enum"]?.arrayValue {
            guard !values.isEmpty else { return nil }
            return "(" + values.map(literal).joined(separator: " | ") + ")"
        }
        for keyword in ["anyOf", "oneOf"] {
            guard let branches = keywords[keyword]?.arrayValue else { continue }
            let constraining = keywords.keys.filter { !Self.annotations.contains($0) && !$0.hasPrefix("x-") }
            guard constraining == [keyword], !branches.isEmpty else { return nil }
            var parts: [String] = []
            for branch in branches {
                guard let part = expression(for: branch, depth: depth + 1) else { return nil }
                parts.append(part)
            }
            return "(" + parts.joined(separator: " | ") + ")"
        }
        let types: [String]
        switch keywords["type"] {
        case .string(let name)?: types = [name]
        case .array(let names)?:
            let strings = names.compactMap(\.stringValue)
            guard strings.count == names.count, !strings.isEmpty else { return nil }
            types = strings
        case nil:
            if keywords["properties"] != nil || keywords["additionalProperties"] != nil {
                types = ["object"]
            } else if keywords["items"] != nil {
                types = ["array"]
            } else {
                return "value"
            }
        default: return nil
        }
        var parts: [String] = []
        for type in types {
            guard let part = expression(type: type, keywords: keywords, depth: depth) else { return nil }
            parts.append(part)
        }
        return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " | ") + ")"
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
        if let name = referenceRules[reference] { return name }
        guard reference.hasPrefix("#"), let pointer = try? JSONPointer(fragment: String(reference.dropFirst())),
            let target = pointer.resolve(in: root)
        else { return nil }
        // Name the rule before compiling the target, so a recursive schema refers to it.
        let name = "ref\(referenceRules.count + 1)"
        referenceRules[reference] = name
        let index = rules.count
        rules.append((name, ""))
        guard let body = expression(for: target, depth: depth + 1) else { return nil }
        rules[index].1 = body
        return name
    }

    // MARK: Strings

    private static let formats: [String: String] = [
        "date": #"[0-9]{4} "-" ("0" [1-9] | "1" [0-2]) "-" ("0" [1-9] | [1-2] [0-9] | "3" [0-1])"#,
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

    private mutating func stringExpression(_ keywords: JSONObject) -> String? {
        if let format = keywords["format"]?.stringValue {
            if format == "date-time", let date = Self.formats["date"], let time = Self.formats["time"] {
                return "\"\\\"\" " + date + " \"T\" " + time + " \"\\\"\""
            }
            if let body = Self.formats[format] { return "\"\\\"\" " + body + " \"\\\"\"" }
        }
        if let pattern = keywords["pattern"]?.stringValue, let body = RegexGrammar.expression(forPattern: pattern) {
            return "\"\\\"\" " + body + " \"\\\"\""
        }
        let minimum = keywords["minLength"]?.numberValue?.intValue ?? 0
        let maximum = keywords["maxLength"]?.numberValue?.intValue
        guard minimum > 0 || maximum != nil else { return "string" }
        guard minimum <= 10_000, (maximum ?? 0) <= 10_000, minimum <= (maximum ?? .max) else { return nil }
        let count = maximum.map { "{\(minimum),\($0)}" } ?? "{\(minimum),}"
        return add("\"\\\"\" char\(count) \"\\\"\"")
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
        let low =
            keywords["minimum"]?.numberValue?.int64Value
            ?? keywords["exclusiveMinimum"]?.numberValue?.int64Value.flatMap { $0 < .max ? $0 + 1 : nil }
        let high =
            keywords["maximum"]?.numberValue?.int64Value
            ?? keywords["exclusiveMaximum"]?.numberValue?.int64Value.flatMap { $0 > .min ? $0 - 1 : nil }
        if let low, let high, low <= high {
            let (span, overflow) = high.subtractingReportingOverflow(low)
            if !overflow, span < 256 {
                return "(" + (low...high).map { "\"\($0)\"" }.joined(separator: " | ") + ")"
            }
        }
        if let low, low >= 1, low <= 9, high == nil {
            return low == 1 ? "[1-9] [0-9]{0,15}" : "([\(low)-9] | [1-9] [0-9]{1,15})"
        }
        return Self.isNonNegative(keywords) ? "digits" : "integer"
    }

    /// The bounds of an integer, when the compiled grammar enforces them all (see
    /// ``integerExpression(_:)``).
    static func enforcesIntegerBounds(_ keywords: JSONObject) -> Bool {
        let low = keywords["minimum"]?.numberValue?.int64Value
        let high = keywords["maximum"]?.numberValue?.int64Value
        if keywords["exclusiveMinimum"] != nil || keywords["exclusiveMaximum"] != nil { return false }
        switch (low, high) {
        case (nil, nil): return keywords["minimum"] == nil && keywords["maximum"] == nil
        case (let low?, nil): return keywords["maximum"] == nil && (0...9).contains(low)
        case (let low?, let high?):
            let (span, overflow) = high.subtractingReportingOverflow(low)
            return low <= high && !overflow && span < 256
        case (nil, _): return false
        }
    }

    private mutating func numberExpression(_ keywords: JSONObject) -> String? {
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
        let item: String
        if let items = keywords["items"] {
            guard let expression = expression(for: items, depth: depth + 1) else { return nil }
            item = expression
        } else {
            item = "value"
        }
        let minimum = keywords["minItems"]?.numberValue?.intValue ?? 0
        let maximum = keywords["maxItems"]?.numberValue?.intValue
        guard minimum >= 0, minimum <= 1_000, (maximum ?? 0) <= 1_000, minimum <= (maximum ?? .max) else { return nil }
        if maximum == 0 { return "\"[]\"" }
        let more: String
        switch (max(minimum - 1, 0), maximum.map { $0 - 1 }) {
        case (0, nil): more = "(\",\" \(item))*"
        case (let low, nil): more = "(\",\" \(item)){\(low),}"
        case (let low, let high?): more = low == high ? "(\",\" \(item)){\(low)}" : "(\",\" \(item)){\(low),\(high)}"
        }
        let body = minimum == 0 ? "\"[\" (\(item) \(more))? \"]\"" : "\"[\" \(item) \(more) \"]\""
        return add(body)
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
                guard let value = expression(for: schema, depth: depth + 1) else { return nil }
                return add("\"{\" (string \":\" \(value) (\",\" string \":\" \(value))*)? \"}\"")
            }
        }
        var members: [(text: String, required: Bool)] = []
        for (name, schema) in zip(properties.keys, properties.values) {
            guard let value = expression(for: schema, depth: depth + 1) else { return nil }
            let key = Self.quoted(JSONValue.string(name).serialized() + ":")
            members.append((key + " " + value, required.contains(name)))
        }
        // after[i]: members i... once one has been written (each optional one is `("," m)?`);
        // first[i]: members i... before any has been written.
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
        return add("\"{\" \(first[0].isEmpty ? "" : first[0] + " ")\"}\"")
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
