import Foundation
import QuarrySchema
import Testing

@testable import Quarry

/// The GBNF grammars Quarry compiles for llama.cpp's server (``ExtractionPolicy/grammarCompilation``).
/// Small schemas are checked rule by rule; the example schemas must all compile; and the
/// request carries the grammar instead of `response_format`. The real server's acceptance of
/// every example grammar is checked in `LocalModelEndToEndTests`.
@Suite struct GrammarCompilerTests {
    private static func grammar(_ schemaText: String) throws -> String? {
        GrammarCompiler.grammar(for: try JSONValue(parsing: schemaText))
    }

    /// The rules before the shared primitives, one line each.
    private static func ownRules(_ grammar: String?) -> [String] {
        guard let grammar else { return [] }
        return grammar.split(separator: "\n").map(String.init).prefix { !$0.hasPrefix("char ::=") }
    }

    @Test func moneyGetsTwoDecimalPlacesAndNoSign() throws {
        let rules = Self.ownRules(try Self.grammar(#"{"type": "number", "multipleOf": 0.01, "minimum": 0}"#))
        #expect(rules == ["root ::= r1", #"r1 ::= digits ("." [0-9]{1,2})?"#])
    }

    @Test func numbersWithoutConstraintsUseTheSharedRule() throws {
        #expect(Self.ownRules(try Self.grammar(#"{"type": "number"}"#)) == ["root ::= number"])
        #expect(Self.ownRules(try Self.grammar(#"{"type": "integer", "minimum": 0}"#)) == ["root ::= digits"])
        #expect(
            Self.ownRules(try Self.grammar(#"{"type": "integer", "minimum": 1}"#)) == ["root ::= [1-9] [0-9]{0,15}"])
        #expect(
            Self.ownRules(try Self.grammar(#"{"type": "integer", "minimum": 3}"#))
                == ["root ::= ([3-9] | [1-9] [0-9]{1,15})"])
        #expect(
            Self.ownRules(try Self.grammar(#"{"type": "integer", "minimum": 1, "maximum": 3}"#))
                == [#"root ::= ("1" | "2" | "3")"#])
    }

    /// Required members are written with their comma; optional ones may be skipped, also
    /// before the first member written, so no comma can lead or double.
    @Test func optionalPropertiesKeepTheCommasRight() throws {
        let rules = Self.ownRules(
            try Self.grammar(
                #"""
                {"type": "object", "required": ["b"], "properties": {
                  "a": {"type": "boolean"}, "b": {"type": "null"}, "c": {"const": "x"}}}
                """#))
        #expect(
            rules == [
                "root ::= r4",
                #"r1 ::= ("," "\"c\":" "\"x\"")?"#,
                #"r2 ::= "," "\"b\":" null r1"#,
                #"r3 ::= "\"a\":" boolean r2 | "\"b\":" null r1"#,
                #"r4 ::= "{" r3 "}""#,
            ])
    }

    @Test func arraysCarryTheirSizeAndEnumsTheirValues() throws {
        let rules = Self.ownRules(
            try Self.grammar(
                #"{"type": "array", "minItems": 1, "maxItems": 3, "items": {"enum": ["low", "high", null]}}"#))
        #expect(
            rules == [
                "root ::= r2",
                #"r1 ::= ("\"low\"" | "\"high\"" | "null")"#,
                #"r2 ::= "[" r1 ("," r1){0,2} "]""#,
            ])
    }

    @Test func anchoredPatternsAndDatesBecomeStringRules() throws {
        let pattern = Self.ownRules(try Self.grammar(#"{"type": "string", "pattern": "^[A-Z]{2}-[0-9]+$"}"#))
        #expect(pattern == [#"root ::= "\"" (([A-Z]){2} [\x2D] ([0-9])+) "\"""#])
        let unanchored = Self.ownRules(try Self.grammar(#"{"type": "string", "pattern": "[A-Z]"}"#))
        #expect(unanchored == ["root ::= string"])
        let date = try #require(try Self.grammar(#"{"type": "string", "format": "date"}"#))
        #expect(date.hasPrefix(#"root ::= "\"" [0-9]{4} "-""#))
    }

    @Test func referencesBecomeNamedRulesAndMayRecurse() throws {
        let rules = Self.ownRules(
            try Self.grammar(
                #"""
                {"$defs": {"node": {"type": "object", "required": ["next"], "properties": {
                  "next": {"anyOf": [{"$ref": "#/$defs/node"}, {"type": "null"}]}}}},
                 "$ref": "#/$defs/node"}
                """#))
        #expect(rules.first == "root ::= ref1")
        #expect(rules.contains(#"r1 ::= "{" "\"next\":" (ref1 | null) "}""#))
    }

    @Test func whatCannotBeSaidExactlyGivesNoGrammar() throws {
        for schema in [
            #"{"allOf": [{"type": "string"}]}"#,
            #"{"type": "object", "patternProperties": {"^x": {}}}"#,
            ##"{"$ref": "#/$defs/a", "minLength": 2, "$defs": {"a": {"type": "string"}}}"##,
            #"{"$ref": "https://example.com/other.json"}"#,
            #"{"type": "object", "required": ["undeclared"]}"#,
            #"false"#,
            // Left recursion, which llama.cpp rejects: a reference reached again before a
            // character is written, directly or through another.
            ##"{"anyOf": [{"$ref": "#"}, {"type": "null"}]}"##,
            ##"{"$defs": {"a": {"anyOf": [{"$ref": "#/$defs/b"}, {"type": "null"}]}, "b": {"oneOf": [{"$ref": "#/$defs/a"}]}}, "$ref": "#/$defs/a"}"##,
            // oneOf branches that overlap: an alternation would accept what fits both.
            #"{"oneOf": [{"type": "string"}, {"type": "string", "minLength": 2}]}"#,
            #"{"oneOf": [{"type": "integer"}, {"type": "number"}]}"#,
            #"{"oneOf": [{"const": "a"}, {"type": "string"}]}"#,
            // No enum value passes the sibling keywords.
            #"{"type": "string", "enum": [1, 2]}"#,
            // Only numbers longer than the grammar's 16 digits are allowed.
            #"{"type": "integer", "minimum": 1e17}"#,
            #"{"type": "number", "exclusiveMaximum": -1e16}"#,
        ] {
            #expect(try Self.grammar(schema) == nil, "\(schema)")
        }
    }

    /// llama.cpp refuses a repetition of 2 000 or more and copies a repeated expression once per
    /// repetition: larger limits are left to validation, repeated items are named rules, and a
    /// pattern whose nested quantifiers multiply past the limit is not translated.
    @Test func repetitionsStayWithinWhatLlamaCppAccepts() throws {
        let long = try #require(try Self.grammar(#"{"type": "string", "maxLength": 5000}"#))
        #expect(Self.ownRules(long) == ["root ::= string"])
        let many = try #require(
            try Self.grammar(#"{"type": "array", "maxItems": 3000, "items": {"type": "string", "format": "date"}}"#))
        for count in Self.repetitionCounts(many) { #expect(count < 2_000, "\(many)") }
        #expect(Self.ownRules(many).contains { $0.hasPrefix(#"r2 ::= "[" (r1 ("," r1)*)? "]""#) })
        let nested = try Self.grammar(#"{"type": "string", "pattern": "^(a{1,100}){1,100}$"}"#)
        #expect(Self.ownRules(nested) == ["root ::= string"])
        // An unbounded repetition of what can match nothing is left recursion to llama.cpp.
        for pattern in ["^(a*)*$", "^(a|)+$", "^([a-z]*,?){2,}$"] {
            #expect(RegexGrammar.expression(forPattern: pattern) == nil, "\(pattern)")
        }
        #expect(RegexGrammar.expression(forPattern: "^(a*){0,3}$") != nil, "a bounded one is fine")
        #expect(
            RegexGrammar.expression(forPattern: "^(a{1,10}){1,100}$") != nil,
            "a product within the limit is translated")
    }

    private static func repetitionCounts(_ grammar: String) -> [Int] {
        var counts: [Int] = []
        var rest = Substring(grammar)
        while let open = rest.firstIndex(of: "{") {
            rest = rest[rest.index(after: open)...]
            counts += rest.prefix { $0 != "}" }.split(separator: ",").compactMap { Int($0) }
        }
        return counts
    }

    /// What a compiled grammar leaves out — the second of a string's format, pattern and
    /// lengths, an untranslatable pattern, bounds on a nullable number — the prompt describes;
    /// what it enforces, it does not.
    @Test func theNotesDescribeWhatTheGrammarLeavesOut() throws {
        let schema = try JSONValue(
            parsing: #"""
                {"type": "object", "properties": {
                  "d": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-.*$"},
                  "s": {"type": "string", "pattern": "^(?=x).*$"},
                  "p": {"type": "string", "pattern": "^[a-z]+$", "maxLength": 5},
                  "m": {"type": "string", "minLength": 2, "maxLength": 5},
                  "n": {"type": ["number", "null"], "minimum": 1},
                  "i": {"type": ["integer", "null"], "minimum": 1},
                  "t": {"type": ["integer", "string"], "minimum": 10}}}
                """#)
        #expect(GrammarCompiler.grammar(for: schema) != nil)
        let notes = SchemaShaper.shape(schema, with: .standard, forCompiledGrammar: true).promptNotes
        for expected in [
            "d: must match the regular expression ^[0-9]{4}-.*$", "s: must match the regular expression ^(?=x).*$",
            "p: at most 5 characters", "n: at least 1", "t: at least 10",
        ] {
            #expect(notes.contains(expected), "\(expected) in \(notes)")
        }
        for unexpected in ["p: must match", "m: at", "i: at least", "d: a date"] {
            #expect(!notes.contains(unexpected), "\(unexpected) in \(notes)")
        }
    }

    @Test func everyExampleSchemaCompilesShaped() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("schemas")
        let names = ["receipt", "invoice", "resume", "support-ticket"]
        for name in names {
            let schema = try Schema(contentsOfFile: directory.appendingPathComponent("\(name).schema.json").path)
            let shaped = SchemaShaper.shape(schema.document, with: .standard).schema
            let grammar = try #require(GrammarCompiler.grammar(for: shaped), "\(name)")
            #expect(grammar.hasPrefix("root ::= "))
            #expect(!grammar.contains(" ::= \n"), "an empty rule in \(name)")
        }
    }

    /// What grammars accept, checked by a recogniser: each accepted sample must also satisfy
    /// the schema (a grammar never lets through what validation rejects), each rejected one is
    /// what the grammar exists to keep out.
    @Test(arguments: [
        (
            #"{"type": "number", "multipleOf": 0.01, "minimum": 0}"#,
            ["0", "12.5", "1234.56"], ["-1", "1.234", "01", "1e3", " 1"]
        ),
        (#"{"type": "integer", "minimum": 3}"#, ["3", "9", "10", "250"], ["0", "2", "-4", "03"]),
        (
            #"{"type": "string", "format": "date"}"#,
            [#""2025-02-28""#, #""2024-02-29""#, #""2025-01-31""#, #""2025-11-30""#, #""2025-12-31""#],
            [
                #""28.02.2025""#, #""2025-13-01""#, #""2025-02-28 ""#, #""2025-02-30""#, #""2025-04-31""#,
                #""2025-00-10""#,
            ]
        ),
        (
            #"{"type": "string", "format": "date-time"}"#,
            [#""2025-02-28T10:07:00Z""#, #""2025-02-28T10:07:00.123+02:00""#],
            [#""2025-02-28 10:07""#, #""2025-02-28T25:00:00Z""#, #""2025-06-31T10:07:00Z""#]
        ),
        (
            #"{"type": "string", "format": "email"}"#,
            [#""grace.liu@harbourlaw.example""#, #""a+b@x.co""#, #""billing@mail.1and1.com""#],
            [
                #""grace""#, #""a@b""#, #""a@-x.com""#, #""a..b@x.com""#,
                "\"" + String(repeating: "1", count: 40) + "@x.com\"",
            ]
        ),
        (
            #"{"type": "string", "format": "uuid"}"#,
            [#""123e4567-e89b-12d3-a456-426614174000""#], [#""123e4567e89b12d3a456426614174000""#]
        ),
        (
            #"""
            {"type": "object", "required": ["b"], "properties": {
              "a": {"type": "boolean"}, "b": {"type": "null"}, "c": {"const": "x"}}}
            """#,
            [#"{"b":null}"#, #"{"a":true,"b":null}"#, #"{"b":null,"c":"x"}"#, #"{"a":false,"b":null,"c":"x"}"#],
            [#"{}"#, #"{,"b":null}"#, #"{"b":null,}"#, #"{"a":true}"#, #"{"c":"x","b":null}"#, #"{ "b":null}"#]
        ),
        // Without `type`, a string keyword constrains strings only.
        (#"{"minLength": 2}"#, [#""ab""#, "1", "null", "{}", "[true]"], [#""a""#]),
        // An enum keeps the values its siblings allow.
        (#"{"type": "string", "enum": ["a", 1, null]}"#, [#""a""#], ["1", "null"]),
        (#"{"enum": ["a", "abc", 7], "minLength": 2}"#, [#""abc""#, "7"], [#""a""#]),
        (#"{"oneOf": [{"type": "string"}, {"type": "null"}]}"#, [#""x""#, "null"], ["1"]),
        (#"{"oneOf": [{"const": "a"}, {"const": "b"}, {"type": "integer"}]}"#, [#""a""#, #""b""#, "3"], [#""c""#]),
        // Bounds together: the greatest lower and least upper, rounded inwards.
        (
            #"{"type": "integer", "minimum": 2, "exclusiveMinimum": 4, "maximum": 9.5}"#,
            ["5", "9"], ["4", "10", "2"]
        ),
        (#"{"type": "integer", "minimum": 2.5}"#, ["3", "12"], ["2", "-3"]),
        (#"{"type": "integer", "exclusiveMinimum": -1}"#, ["0", "15"], ["-1"]),
        (#"{"type": ["integer", "null"], "minimum": 1, "maximum": 3}"#, ["1", "3", "null"], ["0", "4"]),
        // Decided in decimal, not in binary floating point: 2.9999999999999999 is not 3.
        (
            #"{"type": "integer", "exclusiveMinimum": 2.9999999999999999, "maximum": 5}"#,
            ["3", "5"], ["2", "6"]
        ),
        // What JSON must escape, a pattern's class still allows, escaped.
        (
            #"{"type": "string", "pattern": "^[^<>]*$"}"#,
            [#""a\"b""#, #""C:\\x""#, #""two\nlines""#, #""""#], [#""<b>""#, #""a"b""#]
        ),
        (#"{"type": "string", "pattern": "^[\"a]+$"}"#, [#""a\"""#], [#""b""#]),
        // Escapes the recogniser decodes as llama.cpp does.
        (#"{"type": "string", "pattern": "^[é-ü]+$"}"#, [#""éü""#], [#""e""#]),
    ])
    func grammarsAcceptOnlyValidValues(schemaText: String, accepted: [String], rejected: [String]) throws {
        let schema = try Schema(text: schemaText)
        let matcher = try GBNFMatcher(try #require(GrammarCompiler.grammar(for: schema.document)))
        for text in accepted {
            #expect(try matcher.accepts(text), "\(text) should be accepted")
            #expect(schema.isValid(try JSONValue(parsing: text)), "\(text) is accepted but invalid")
        }
        for text in rejected {
            #expect(try !matcher.accepts(text), "\(text) should be rejected")
        }
    }

    /// The expected value of every eval case beside the example schemas is one the compiled
    /// grammar lets the model write: the grammar narrows the output, never below what is right.
    @Test func everyExpectedEvalValueIsAcceptedByItsGrammar() throws {
        for name in ["receipt", "invoice", "resume", "support-ticket"] {
            let schema = try Schema(contentsOfFile: Self.schemas.appendingPathComponent("\(name).schema.json").path)
            let shaped = SchemaShaper.shape(schema.document, with: .standard).schema
            let matcher = try GBNFMatcher(try #require(GrammarCompiler.grammar(for: shaped)))
            let lines = try String(
                contentsOf: Self.schemas.appendingPathComponent("\(name).cases.jsonl"), encoding: .utf8)
            var checked = 0
            for line in lines.split(separator: "\n") where !line.isEmpty {
                let testCase = try JSONValue(parsing: String(line))
                let expected = try #require(testCase["expected"])
                guard schema.isValid(expected) else { continue }
                let text = Self.ordered(expected, like: shaped, root: shaped).serialized()
                #expect(try matcher.accepts(text), "\(name) \(testCase["id"]?.stringValue ?? "?"): \(text)")
                checked += 1
            }
            #expect(checked >= 20, "only \(checked) valid expected values for \(name)")
        }
    }

    private static let schemas = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("schemas")

    /// `value` with every object's members in the order its schema declares them (the order a
    /// compiled grammar writes them in).
    static func ordered(_ value: JSONValue, like schema: JSONValue, root: JSONValue) -> JSONValue {
        var schema = schema
        if let reference = schema["$ref"]?.stringValue,
            let pointer = try? JSONPointer(fragment: String(reference.dropFirst())),
            let target = pointer.resolve(in: root)
        {
            schema = target
        }
        if let branches = schema["anyOf"]?.arrayValue ?? schema["oneOf"]?.arrayValue {
            // The branch for an object or array (the example schemas' are nullable references).
            let key = value.objectValue != nil ? "properties" : value.arrayValue != nil ? "items" : nil
            let branch = branches.first { branch in
                let target =
                    branch["$ref"]?.stringValue.flatMap { try? JSONPointer(fragment: String($0.dropFirst())) }
                    .flatMap { $0.resolve(in: root) } ?? branch
                return key.map { target[$0] != nil } ?? false
            }
            return branch.map { ordered(value, like: $0, root: root) } ?? value
        }
        switch value {
        case .object(let object):
            let properties = schema["properties"]?.objectValue ?? JSONObject()
            var result = JSONObject()
            for name in properties.keys where object[name] != nil {
                result[name] = ordered(object[name]!, like: properties[name]!, root: root)
            }
            for (name, member) in zip(object.keys, object.values) where properties[name] == nil {
                result[name] = member
            }
            return .object(result)
        case .array(let items):
            guard let itemSchema = schema["items"] else { return value }
            return .array(items.map { ordered($0, like: itemSchema, root: root) })
        default:
            return value
        }
    }

    @Test func aRequestWithAGrammarSendsItInsteadOfTheSchema() throws {
        let provider = OpenAIChatProvider(model: "smollm2", baseURL: "http://127.0.0.1:9")
        var request = ExtractionRequest(
            messages: [ChatMessage(role: .user, content: "x")], schemaName: "s",
            schema: try JSONValue(parsing: #"{"type": "integer"}"#))
        request.grammar = "root ::= digits\n"
        let body = try JSONValue(parsing: String(decoding: provider.httpRequest(for: request).body, as: UTF8.self))
        #expect(body["grammar"] == .string("root ::= digits\n"))
        #expect(body["response_format"] == nil)
        request.grammar = nil
        let plain = try JSONValue(parsing: String(decoding: provider.httpRequest(for: request).body, as: UTF8.self))
        #expect(plain["grammar"] == nil)
        #expect(plain["response_format"]?["type"] == .string("json_schema"))
    }
}
