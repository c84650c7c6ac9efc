import QuarrySchema
import Testing

@Suite("Validator behaviour")
struct ValidatorTests {
    let invoiceSchema: JSONValue = [
        "type": "object",
        "required": ["number", "items"],
        "additionalProperties": false,
        "properties": [
            "number": ["type": "string", "pattern": "^INV-[0-9]+$"],
            "currency": ["enum": ["EUR", "USD"]],
            "items": [
                "type": "array", "minItems": 1,
                "items": [
                    "type": "object", "required": ["price"],
                    "properties": ["price": ["type": "number", "minimum": 0, "multipleOf": 0.01]],
                ],
            ],
        ],
    ]

    @Test func reportsEveryErrorWithPointersAndMessages() throws {
        let schema = try Schema(compiling: invoiceSchema)
        let instance = try JSONValue(
            parsing:
                #"{"number": "12", "currency": "GBP", "items": [{"price": 1}, {}, {"price": -4}, {"price": 0.333}], "note": 1}"#
        )
        let result = schema.validate(instance)
        #expect(!result.isValid)
        #expect(!schema.isValid(instance))
        let lines = result.errors.map(\.description)
        #expect(
            lines == [
                #"/number: "12" does not match the pattern ^INV-[0-9]+$"#,
                #"/currency: "GBP" is not one of "EUR", "USD""#,
                #"/items/1: the required property "price" is missing"#,
                "/items/2/price: -4 is less than the minimum of 0",
                "/items/3/price: 0.333 is not a multiple of 0.01",
                #"/note: the property "note" is not allowed"#,
            ])
        let minimum = result.errors[3]
        #expect(minimum.keywordLocation.description == "/properties/items/items/properties/price/minimum")
        #expect(minimum.absoluteKeywordLocation == "json-schema:///#/properties/items/items/properties/price/minimum")
        #expect(minimum.keyword == "minimum")
    }

    @Test func basicOutputFormat() throws {
        let schema = try Schema(compiling: ["type": "integer"])
        #expect(schema.validate(1).basicOutput == ["valid": true])
        #expect(
            schema.validate("x").basicOutput
                == [
                    "valid": false,
                    "errors": [
                        [
                            "keywordLocation": "/type", "absoluteKeywordLocation": "json-schema:///#/type",
                            "instanceLocation": "", "error": #""x" is not of type integer"#,
                        ]
                    ],
                ])
    }

    @Test func stopsAtFirstErrorWhenAsked() throws {
        var options = SchemaOptions()
        options.stopsAtFirstError = true
        let schema = try Schema(compiling: invoiceSchema, options: options)
        let result = schema.validate(["number": 1, "items": [], "x": 1])
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.instanceLocation.description == "/number")
    }

    @Test func referencesReportTheirEvaluationPath() throws {
        let schema = try Schema(compiling: [
            "$id": "https://example.com/root.json",
            "$defs": ["positive": ["$anchor": "pos", "exclusiveMinimum": 0]],
            "properties": ["a": ["$ref": "#pos"]],
        ])
        let error = try #require(schema.validate(["a": 0]).errors.first)
        #expect(error.keywordLocation.description == "/properties/a/$ref/exclusiveMinimum")
        #expect(error.absoluteKeywordLocation == "https://example.com/root.json#/$defs/positive/exclusiveMinimum")
    }

    @Test func remoteReferencesNeedAResolver() throws {
        let document: JSONValue = ["$ref": "https://example.com/other.json"]
        #expect(throws: SchemaError.self) { try Schema(compiling: document) }
        let resolver = InMemorySchemaResolver(["https://example.com/other.json": ["type": "string"]])
        let schema = try Schema(compiling: document, options: SchemaOptions(resolver: resolver))
        #expect(schema.isValid("x"))
        #expect(!schema.isValid(1))
    }

    @Test func formatIsAnAnnotationUnlessAsserted() throws {
        let document: JSONValue = ["format": "date"]
        #expect(try Schema(compiling: document).isValid("not a date"))
        let asserting = try Schema(compiling: document, options: SchemaOptions(assertsFormat: true))
        #expect(!asserting.isValid("2024-02-30"))
        #expect(asserting.isValid("2024-02-29"))
    }

    @Test func malformedSchemasNameFileLineAndPointer() {
        let text = """
            {
              "type": "object",
              "properties": {
                "price": {"type": "number", "minimum": "zero"}
              }
            }
            """
        do {
            _ = try Schema(text: text, file: "invoice.schema.json")
            Issue.record("compiled a malformed schema")
        } catch {
            #expect(error.pointer.description == "/properties/price/minimum")
            #expect(error.location?.line == 4)
            #expect(error.location?.column == 44)
            #expect(
                error.description
                    == "invoice.schema.json:4:44: error: 'minimum' must be a number (at /properties/price/minimum)")
        }
        #expect(throws: SchemaError.self) { try Schema(text: "{\"type\": ", file: "broken.json") }
        #expect(throws: SchemaError.self) { try Schema(compiling: ["type": "strng"]) }
        #expect(throws: SchemaError.self) { try Schema(compiling: ["pattern": "(unclosed"]) }
        #expect(throws: SchemaError.self) { try Schema(compiling: ["$ref": "#/nowhere"]) }
        #expect(throws: SchemaError.self) { try Schema(compiling: ["multipleOf": 0]) }
        #expect(throws: SchemaError.self) { try Schema(compiling: ["items": 3]) }
    }

    @Test func deepSchemasAndInstancesValidateWithoutCrashing() throws {
        var schemaText = ""
        for _ in 0..<900 { schemaText += #"{"type":"array","items":"# }
        schemaText += #"{"type":"integer"}"# + String(repeating: "}", count: 900)
        let schema = try Schema(text: schemaText)
        let valid = String(repeating: "[", count: 900) + "1" + String(repeating: "]", count: 900)
        let invalid = String(repeating: "[", count: 900) + "\"x\"" + String(repeating: "]", count: 900)
        #expect(schema.isValid(try JSONValue(parsing: valid)))
        let errors = schema.validate(try JSONValue(parsing: invalid)).errors
        #expect(errors.count == 1)
        #expect(errors.first?.instanceLocation.tokens.count == 900)
    }

    @Test func aSchemaThatRecursesWithoutConsumingInputFailsInsteadOfLooping() throws {
        let schema = try Schema(compiling: [
            "$defs": ["a": ["$ref": "#/$defs/b"], "b": ["$ref": "#/$defs/a"]], "$ref": "#/$defs/a",
        ])
        let result = schema.validate(1)
        #expect(!result.isValid)
        #expect(result.errors.first?.message.contains("nested deeper") == true)
    }

    @Test func hugeStringsValidate() throws {
        let schema = try Schema(compiling: ["type": "string", "minLength": 1, "maxLength": 10])
        let big = JSONValue.string(String(repeating: "é", count: 25_000_000))
        let errors = schema.validate(big).errors
        #expect(errors.map(\.keyword) == ["maxLength"])
        #expect(errors.first?.message.hasSuffix("(25000000)") == true)
    }

    @Test func lengthsCountCodePoints() throws {
        let schema = try Schema(compiling: ["maxLength": 2, "minLength": 2])
        #expect(schema.isValid("💩💩"))
        #expect(schema.isValid("é\u{301}"))
        #expect(!schema.isValid("abc"))
    }

    @Test func oneOfRequiresExactlyOneArm() throws {
        let schema = try Schema(compiling: ["oneOf": [["type": "integer"], ["minimum": 2]]])
        #expect(schema.isValid(1))
        #expect(schema.isValid(2.5))
        let errors = schema.validate(3).errors
        #expect(errors.map(\.message) == ["3 matches schemas 0 and 1 in 'oneOf'; exactly one must match"])
    }

    @Test func catastrophicPatternsEndWithAnErrorInsteadOfHanging() throws {
        let schema = try Schema(compiling: ["type": "string", "pattern": "(a+)+$"])
        let hostile = JSONValue.string(String(repeating: "a", count: 100_000) + "!")
        let errors = schema.validate(hostile).errors
        #expect(errors.map(\.keyword) == ["pattern"])
        #expect(errors.first?.message.contains("step limit") == true)
        #expect(!schema.isValid(hostile))
    }

    @Test func randomSchemaTextNeverCrashesTheCompiler() {
        var generator = SplitMix64(seed: 7)
        let pieces = [
            "{", "}", "[", "]", ",", ":", "\"type\"", "\"items\"", "\"$ref\"", "\"#\"", "\"#/a\"", "\"pattern\"",
            "\"(\"", "\"properties\"", "\"minimum\"", "1", "-1", "true", "null", "\"string\"", "\"$defs\"", "\"allOf\"",
        ]
        var compiled = 0
        for _ in 0..<5_000 {
            let count = Int(generator.next() % 24)
            let text = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            if let schema = try? Schema(text: text) {
                compiled += 1
                _ = schema.validate(["a": [1, "x", nil]])
            }
        }
        #expect(compiled < 5_000)
    }
}
