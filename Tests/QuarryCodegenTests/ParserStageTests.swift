import QuarryCodegen
import QuarrySchema
import Testing

/// Stage one: reading a schema file into a parsed, compiled schema — or located errors.
@Suite struct ParserStageTests {
    @Test func malformedJSONIsAnErrorAtItsLineAndColumn() {
        let (parsed, diagnostics) = QuarryGenerator.parse(
            path: "broken.schema.json", text: "{\n  \"type\": \"object\",\n  \"properties\": {\n}")
        #expect(parsed == nil)
        let error = diagnostics.first
        #expect(error?.severity == .error)
        #expect(error?.location?.line == 4)
        #expect(error?.description.hasPrefix("broken.schema.json:4:") == true)
        #expect(error?.description.contains(": error: malformed JSON") == true)
    }

    @Test func aValueThatIsNotASchemaIsAnError() {
        let (parsed, diagnostics) = QuarryGenerator.parse(path: "list.schema.json", text: "[1, 2]")
        #expect(parsed == nil)
        #expect(
            diagnostics.map(\.description) == [
                "list.schema.json:1:1: error: a schema must be a JSON object or a boolean, not array (at the schema root)"
            ])
    }

    @Test func anInvalidKeywordIsAnErrorWithPointerAndLine() {
        let text = """
            {
              "type": "object",
              "properties": {
                "age": { "type": "integer", "minimum": "ten" }
              }
            }
            """
        let (parsed, diagnostics) = QuarryGenerator.parse(path: "person.schema.json", text: text)
        #expect(parsed == nil)
        let error = diagnostics.first
        #expect(error?.pointer?.description == "/properties/age/minimum")
        #expect(error?.location?.line == 4)
        #expect(error?.description.hasPrefix("person.schema.json:4:") == true)
    }

    @Test func aValidSchemaParsesAndCompiles() throws {
        let (parsed, diagnostics) = QuarryGenerator.parse(path: "a.schema.json", text: #"{"type": "string"}"#)
        #expect(diagnostics.isEmpty)
        #expect(parsed?.schema.isValid("text") == true)
        #expect(parsed?.schema.isValid(1) == false)
    }
}
