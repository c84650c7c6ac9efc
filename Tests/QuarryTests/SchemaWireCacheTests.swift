import Foundation
import QuarrySchema
import Testing

@testable import Quarry

// Request bodies write the schema's text from a per-schema cache. These tests check that the
// bodies are exactly what writing the whole body afresh gives, for every provider and mode,
// on the first call and on later ones, and that a changed schema is never served stale text.

private let schemaText = """
    {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Invoice", "type": "object",
     "required": ["vendor", "total", "lines"], "additionalProperties": false,
     "properties": {
       "vendor": {"type": "string", "minLength": 1, "description": "Who sent it: \\"quoted\\", é, 😀"},
       "total": {"type": "number", "minimum": 0, "multipleOf": 0.01},
       "currency": {"enum": ["EUR", "USD"]},
       "lines": {"type": "array", "items": {"type": "object", "properties": {"sku": {"type": "string"}}}},
       "due": {"type": "string", "format": "date"}
     }}
    """

private func request(_ schema: JSONValue, mode: RequestMode = .constrained) -> ExtractionRequest {
    ExtractionRequest(
        messages: [
            ChatMessage(role: .system, content: "Extract.\nReply with JSON."),
            ChatMessage(role: .user, content: "Invoice from \"Acme\" – total 12.50 EUR\t(paid)"),
        ], schemaName: "invoice", schema: schema, mode: mode, maxOutputTokens: 512, temperature: 0.2,
        samplingOptions: ["seed": 7, "top_p": 0.9])
}

private struct NoTransport: HTTPTransport {
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        throw .other("not used")
    }
}

/// Every provider configuration whose body embeds a schema, with the document it should embed.
private func providers(_ schema: JSONValue) -> [(String, any HTTPProvider, JSONValue)] {
    let transport = NoTransport()
    return [
        (
            "chat", OpenAIChatProvider(model: "m", apiKey: "k", baseURL: "http://local", transport: transport),
            schema
        ),
        (
            "chat strict",
            OpenAIChatProvider(model: "m", apiKey: "k", baseURL: "http://local", strict: true, transport: transport),
            OpenAIStrictSchema.transform(schema)
        ),
        (
            "responses",
            OpenAIResponsesProvider(
                model: "m", apiKey: "k", baseURL: "http://local", strict: false, transport: transport),
            schema
        ),
        (
            "responses strict",
            OpenAIResponsesProvider(
                model: "m", apiKey: "k", baseURL: "http://local", strict: true, transport: transport),
            OpenAIStrictSchema.transform(schema)
        ),
        (
            "anthropic tool",
            AnthropicProvider(model: "m", apiKey: "k", structuredOutput: .forcedTool, transport: transport), schema
        ),
        (
            "anthropic output format",
            AnthropicProvider(model: "m", apiKey: "k", structuredOutput: .outputFormat, transport: transport),
            AnthropicProvider.outputFormatSchema(schema)
        ),
        ("gemini", GeminiProvider(model: "m", apiKey: "k", transport: transport), schema),
        ("ollama", OllamaProvider(model: "m", transport: transport), schema),
    ]
}

/// The schema object inside a body, wherever the provider puts it.
private func embeddedSchema(_ body: JSONValue) -> JSONValue? {
    body["response_format"]?["json_schema"]?["schema"] ?? body["text"]?["format"]?["schema"]
        ?? body["tools"]?.arrayValue?.first?["input_schema"] ?? body["output_config"]?["format"]?["schema"]
        ?? body["generationConfig"]?["responseJsonSchema"] ?? body["format"]
}

@Suite("Schema wire cache")
struct SchemaWireCacheTests {
    @Test func bodiesAreWhatWritingThemWholeGives() throws {
        let schema = try JSONValue(parsing: schemaText)
        for (name, provider, expected) in providers(schema) {
            for call in 0..<3 {
                let body = provider.httpRequest(for: request(schema)).body
                let parsed = try JSONValue(parsing: body)
                // Written whole, the parsed body gives the same bytes back: same order, same text.
                #expect(JSONSerializer().bytes(of: parsed) == body, "\(name), call \(call)")
                // And the schema in it is the expected document, member for member and in order.
                let embedded = try #require(embeddedSchema(parsed), "\(name)")
                #expect(embedded.serialized() == expected.serialized(), "\(name), call \(call)")
            }
        }
    }

    @Test func aChangedSchemaIsNeverServedStaleText() throws {
        let schema = try JSONValue(parsing: schemaText)
        var changed = schema.objectValue ?? JSONObject()
        changed["title"] = "Changed"
        var nested = changed
        var properties = nested["properties"]?.objectValue ?? JSONObject()
        properties["vendor"] = ["type": "string", "maxLength": 3]
        nested["properties"] = .object(properties)
        for document in [schema, .object(changed), .object(nested), schema] {
            for (name, provider, expected) in providers(document) {
                let parsed = try JSONValue(parsing: provider.httpRequest(for: request(document)).body)
                #expect(embeddedSchema(parsed)?.serialized() == expected.serialized(), "\(name)")
            }
        }
    }

    @Test func promptOnlyBodiesCarryNoSchemaAndTheSchemaGoesInThePrompt() throws {
        let schema = try JSONValue(parsing: schemaText)
        let messages = ExtractionPrompt.standard.messages(for: "x", schema: schema, includesSchema: true)
        #expect(messages[0].content.hasSuffix("JSON Schema:\n" + schema.serialized()))
        for (name, provider, _) in providers(schema) {
            let body = provider.httpRequest(for: request(schema, mode: .promptOnly)).body
            #expect(JSONSerializer().bytes(of: try JSONValue(parsing: body)) == body, "\(name)")
            #expect(!String(decoding: body, as: UTF8.self).contains("minLength"), "\(name)")
        }
    }

    @Test func rewritesAreComputedOncePerSchema() throws {
        let schema = try JSONValue(parsing: schemaText)
        let first = SchemaWireCache.document(schema, rewrittenFor: .openAIStrict, by: OpenAIStrictSchema.transform)
        let second = SchemaWireCache.document(schema, rewrittenFor: .openAIStrict, by: { _ in .null })
        #expect(DocumentIdentity(first) == DocumentIdentity(second))
        #expect(first == OpenAIStrictSchema.transform(schema))
        // A copy of the same document shares its storage, so it is the same schema.
        let copy = schema
        #expect(SchemaWireCache.document(copy, rewrittenFor: .openAIStrict, by: { _ in .null }) == first)
        // Non-object schemas are not cached.
        #expect(SchemaWireCache.bytes(of: true) == nil)
        #expect(SchemaWireCache.document(true, rewrittenFor: .openAIStrict, by: { _ in false }) == false)
    }

    @Test func theMemoKeepsItsDocumentsAndStartsOverWhenFull() {
        let memo = DocumentMemo<Int, Int>(capacity: 4)
        var computed = 0
        var documents: [JSONValue] = []
        for index in 0..<10 {
            let document: JSONValue = ["index": .number(JSONNumber(index))]
            documents.append(document)
            #expect(
                memo.value(for: document, variant: 0) { _ in
                    computed += 1
                    return index
                } == index)
            #expect(
                memo.value(for: document, variant: 0) { _ in
                    computed += 1
                    return -1
                } == index)
            #expect(
                memo.value(for: document, variant: 1) { _ in
                    computed += 1
                    return index * 10
                } == index * 10)
        }
        #expect(computed == 20)
        // Documents made and dropped one after another never see each other's values.
        for index in 0..<100 {
            let value = memo.value(for: ["n": .number(JSONNumber(index))], variant: 0) {
                $0["n"]?.numberValue?.intValue ?? -1
            }
            #expect(value == index)
        }
    }

    @Test func shapingIsComputedOncePerSchema() throws {
        let schema = try JSONValue(parsing: schemaText)
        let first = SchemaShaper.shape(schema, with: .standard)
        let second = SchemaShaper.shape(schema, with: .standard)
        #expect(first == second)
        #expect(DocumentIdentity(first.schema) == DocumentIdentity(second.schema))
        var other = GrammarShaping.standard
        other.arrayCap = 3
        let third = SchemaShaper.shape(schema, with: other)
        #expect(third.schema["properties"]?["lines"]?["maxItems"] == 3)
        #expect(first.schema["properties"]?["lines"]?["maxItems"] == 16)
    }
}
