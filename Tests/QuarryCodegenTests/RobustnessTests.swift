import Foundation
import QuarryCodegen
import QuarrySchema
import Testing

/// The generator never crashes: every input gives Swift, or diagnostics, or both.
@Suite struct RobustnessTests {
    @Test func cyclicReferencesGiveADiagnosticOrCode() {
        let text = ##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##
        let generated = QuarryGenerator.generate(path: "cycle.schema.json", text: text)
        #expect(generated.source != nil || generated.hasErrors)
    }

    @Test func tenThousandPropertiesGenerate() {
        let properties = (0..<10_000).map { "\"p\($0)\": {\"type\": \"integer\"}" }.joined(separator: ", ")
        let generated = QuarryGenerator.generate(
            path: "wide.schema.json", text: "{\"type\": \"object\", \"properties\": {\(properties)}}")
        #expect(!generated.hasErrors)
        #expect(generated.source?.contains("public var p9999: Int?") == true)
    }

    @Test func unicodeAndHostileNamesBecomeIdentifiers() {
        let text = #"""
            {"type": "object", "properties": {"": {}, "ü-ber": {}, "😀": {}, "$": {}, "default": {}, "_": {},
             "a\"b": {}, "additionalProperties": {}, "Type": {}}}
            """#
        let generated = QuarryGenerator.generate(path: "names.schema.json", text: text)
        #expect(!generated.hasErrors)
        let source = generated.source ?? ""
        for declaration in [
            "var empty:", "var üBer:", "var u1F600:", "var _x0024:", "var `default`:", "var _x005F:", "var aB:",
            "var additionalProperties2:", "var type:",
        ] {
            #expect(source.contains(declaration), "missing \(declaration)")
        }
    }

    @Test func randomTextNeverCrashes() {
        var generator = SystemRandomNumberGenerator()
        let fragments = [
            "{", "}", "[", "]", ",", ":", "\"type\"", "\"object\"", "\"properties\"", "\"$ref\"", "\"#\"", "\"a\"",
            "\"items\"", "\"oneOf\"", "\"enum\"", "1", "null", "true", "\"$defs\"", "\"#/$defs/a\"",
        ]
        for _ in 0..<2_000 {
            let count = Int.random(in: 1...30, using: &generator)
            let text = (0..<count).map { _ in fragments.randomElement(using: &generator) ?? "" }.joined()
            let generated = QuarryGenerator.generate(path: "random.schema.json", text: text)
            #expect(generated.source != nil || generated.hasErrors)
        }
    }

    @Test func deeplyNestedSchemasGenerate() {
        var text = #"{"type": "string"}"#
        for _ in 0..<200 { text = #"{"type": "object", "properties": {"child": \#(text)}}"# }
        let generated = QuarryGenerator.generate(path: "deep.schema.json", text: text)
        #expect(!generated.hasErrors)
    }
}
