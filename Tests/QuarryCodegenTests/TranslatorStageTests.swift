import QuarryCodegen
import QuarrySchema
import Testing

/// Stage two: schemas to declarations, checked on the intermediate representation.
@Suite struct TranslatorStageTests {
    static func translate(_ text: String, options: GeneratorOptions = GeneratorOptions()) throws -> (
        TranslatedSchema, [Diagnostic]
    ) {
        let (parsed, diagnostics) = QuarryGenerator.parse(path: "thing.schema.json", text: text, options: options)
        let file = try #require(parsed, "\(diagnostics)")
        return QuarryGenerator.translate(file, options: options)
    }

    static func structure(_ declaration: Declaration) -> StructDeclaration? {
        if case .structure(let structure) = declaration { return structure }
        return nil
    }

    @Test func presenceFollowsRequiredAndNull() throws {
        let (translated, _) = try Self.translate(
            """
            {"type": "object", "required": ["a", "b"], "properties": {
              "a": {"type": "string"}, "b": {"type": ["string", "null"]},
              "c": {"type": "string"}, "d": {"anyOf": [{"type": "integer"}, {"type": "null"}]}}}
            """)
        let root = try #require(Self.structure(translated.root))
        #expect(root.name == "Thing")
        #expect(root.properties.map(\.presence) == [.required, .requiredNullable, .optional, .optionalNullable])
        #expect(root.properties.map(\.type) == [.string, .string, .string, .integer])
        #expect(root.additionalProperties == .kept(.json))
    }

    @Test func closedObjectsKeepNoUnknownKeys() throws {
        let (translated, _) = try Self.translate(
            #"{"type": "object", "additionalProperties": false, "properties": {"a": {"type": "boolean"}}}"#)
        #expect(Self.structure(translated.root)?.additionalProperties == AdditionalProperties.none)
    }

    @Test func propertiesWithoutObjectTypeWarnAndBecomeJSONValue() throws {
        let (translated, diagnostics) = try Self.translate(#"{"properties": {"a": {"type": "string"}}}"#)
        guard case .wrapper(let wrapper) = translated.root else {
            Issue.record("expected a wrapper, got \(translated.root)")
            return
        }
        #expect(wrapper.type == .json)
        #expect(diagnostics.contains { $0.severity == .warning && $0.message.contains("\"type\": \"object\"") })
    }

    @Test func severalTypesWarnWithFileLineAndPointer() throws {
        let (_, diagnostics) = try Self.translate(
            """
            {"type": "object",
             "properties": {"a": {"type": ["string", "integer"]}}}
            """)
        let warning = try #require(diagnostics.first)
        #expect(warning.severity == .warning)
        #expect(warning.pointer?.description == "/properties/a")
        #expect(warning.location?.line == 2)
    }

    @Test func recursionThroughAStoredPropertyIsIndirect() throws {
        let (translated, _) = try Self.translate(
            ##"{"type": "object", "properties": {"next": {"$ref": "#"}, "all": {"type": "array", "items": {"$ref": "#"}}}}"##
        )
        let root = try #require(Self.structure(translated.root))
        #expect(root.properties.map(\.isIndirect) == [true, false])
    }

    @Test func selfReferentialAliasBecomesAWrapper() throws {
        let (translated, _) = try Self.translate(
            ##"{"$defs": {"tree": {"type": "array", "items": {"$ref": "#/$defs/tree"}}}, "$ref": "#/$defs/tree"}"##)
        guard case .wrapper(let root) = translated.root, case .wrapper(let tree)? = root.nested.first else {
            Issue.record("expected wrappers, got \(translated.root)")
            return
        }
        #expect(tree.name == "Tree")
        #expect(tree.type == .array(.named("Thing.Tree")))
    }

    @Test func namespacesQualifyEveryReference() throws {
        let (translated, _) = try Self.translate(
            ##"{"type": "object", "properties": {"p": {"$ref": "#/$defs/p"}}, "$defs": {"p": {"type": "object", "properties": {"x": {"type": "number"}}}}}"##,
            options: GeneratorOptions(namespace: "Models"))
        let root = try #require(Self.structure(translated.root))
        #expect(root.properties.first?.type == .named("Models.Thing.P"))
        #expect(translated.namespace == "Models")
    }

    @Test func discriminatorIsFoundFromConstProperties() throws {
        let (translated, _) = try Self.translate(
            """
            {"type": "object", "required": ["event"], "properties": {"event": {"oneOf": [
              {"type": "object", "required": ["type"], "properties": {"type": {"const": "open"}}},
              {"type": "object", "required": ["type"], "properties": {"type": {"const": "close"}}}]}}}
            """)
        let root = try #require(Self.structure(translated.root))
        guard case .choice(let choice)? = root.nested.first else {
            Issue.record("expected a choice, got \(root.nested)")
            return
        }
        #expect(choice.discriminator == "type")
        #expect(choice.cases.map(\.name) == ["open", "close"])
        #expect(choice.requiresExactlyOne)
    }

    @Test func providerLintWarnsAtBuildTime() throws {
        let (_, diagnostics) = try Self.translate(
            #"{"type": "object", "properties": {"tags": {"type": "array", "uniqueItems": true, "items": {"type": "string"}}}}"#,
            options: GeneratorOptions(lintedProviders: [.openAI, .llamaCpp]))
        let messages = diagnostics.map(\.message)
        #expect(messages.contains { $0.hasPrefix("openai strict mode needs \"additionalProperties\": false") })
        #expect(messages.contains { $0.hasPrefix("openai does not enforce \"uniqueItems\"") })
        #expect(messages.contains { $0.hasPrefix("llama.cpp: an array without \"maxItems\"") })
        #expect(diagnostics.allSatisfy { $0.severity == .warning })
    }

    /// llama.cpp's grammar enforces dates, integer bounds and anchored patterns (checked against
    /// the local llama.cpp server), so only what it lets through is reported.
    @Test func grammarDecoderLintNamesOnlyWhatTheGrammarLetsThrough() throws {
        let (_, diagnostics) = try Self.translate(
            #"""
            {"type": "object", "additionalProperties": false, "properties": {
              "issued": {"type": "string", "format": "date"},
              "email": {"type": "string", "format": "email"},
              "count": {"type": "integer", "minimum": 0, "maximum": 100},
              "rate": {"type": "number", "minimum": 0},
              "code": {"type": "string", "pattern": "^[A-Z]{3}$"},
              "note": {"type": "string", "pattern": "[A-Z]{3}"}}}
            """#,
            options: GeneratorOptions(lintedProviders: [.llamaCpp]))
        let messages = Set(diagnostics.map(\.message))
        #expect(
            messages == [
                "llama.cpp does not enforce \"format\": \"email\" while decoding; replies that break it need a correction",
                "llama.cpp does not enforce \"minimum\" on a number that may have a fraction while decoding; replies that break it need a correction",
                "llama.cpp does not enforce a \"pattern\" not anchored with ^ and $ while decoding; replies that break it need a correction",
            ])
    }
}
