import QuarrySchema
import Testing

@testable import QuarryCodegen

/// Stage three: declarations to text.
@Suite struct RendererStageTests {
    static func file(_ root: Declaration, namespace: String? = nil) -> TranslatedSchema {
        TranslatedSchema(
            root: root, namespace: namespace, schemaName: "thing", fileName: "thing.schema.json",
            schemaText: "{\"description\": \"\\\"\\\"\\\"# and ## inside\"}\n", schemaHash: "0",
            accessModifier: "public", defaultDraft: nil)
    }

    @Test func rendersAStructWithKeysInitializerAndCoding() {
        let property = Property(
            jsonName: "first name", swiftName: "firstName", type: .string, presence: .optional,
            documentation: Documentation(title: "First name", pointer: "/properties/first name"))
        let source = QuarryGenerator.render(
            Self.file(
                .structure(
                    StructDeclaration(
                        name: "Thing", documentation: Documentation(pointer: "/"), properties: [property],
                        additionalProperties: .none))))
        #expect(source.contains("public struct Thing: Codable, Hashable, Sendable {"))
        #expect(source.contains("    /// First name\n"))
        #expect(source.contains("    public var firstName: String?\n"))
        #expect(source.contains("case firstName = \"first name\""))
        #expect(source.contains("try container.encodeIfPresent(self.firstName, forKey: .firstName)"))
        #expect(source.contains("extension Thing: Extractable {"))
        #expect(!source.contains("additionalProperties"))
    }

    @Test func embeddedSchemaTextUsesEnoughHashesToStayRaw() {
        let source = QuarryGenerator.render(
            Self.file(
                .wrapper(
                    WrapperDeclaration(
                        name: "Thing", documentation: Documentation(pointer: "/"), type: .json, isNullable: false)),
                namespace: "Space"))
        // The text holds `"""#` and `##`, so the literal needs three hashes.
        #expect(source.contains("EmbeddedSchema(text: ###\"\"\"\n"))
        #expect(source.contains("\"\"\"###, file: \"thing.schema.json\")"))
        #expect(source.contains("public enum Space {}"))
        #expect(source.contains("extension Space.Thing: Extractable {"))
    }
}
