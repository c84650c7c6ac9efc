import Foundation
import QuarryEvals
import QuarrySchema
import Testing

@Suite("Schema change analysis")
struct SchemaDiffTests {
    /// One fixture per kind of change: an old and a new schema that differ by that change only,
    /// and the field it is reported on.
    struct Fixture: Sendable, CustomStringConvertible {
        let kind: SchemaChange.Kind
        let old: JSONValue
        let new: JSONValue
        let path: String
        var description: String { kind.rawValue }
    }

    static func object(_ properties: JSONValue, required: [String] = [], extra: JSONObject = [:]) -> JSONValue {
        var object: JSONObject = ["type": "object", "properties": properties]
        if !required.isEmpty { object["required"] = .array(required.map { .string($0) }) }
        for (key, value) in extra { object[key] = value }
        return .object(object)
    }

    static let fixtures: [Fixture] = [
        Fixture(
            kind: .propertyRemoved, old: object(["a": ["type": "string"], "b": ["type": "string"]]),
            new: object(["a": ["type": "string"]]), path: "/b"),
        Fixture(
            kind: .requiredPropertyAdded, old: object(["a": ["type": "string"]]),
            new: object(["a": ["type": "string"], "b": ["type": "string"]], required: ["b"]), path: "/b"),
        Fixture(
            kind: .propertyBecameRequired, old: object(["a": ["type": "string"]]),
            new: object(["a": ["type": "string"]], required: ["a"]), path: "/a"),
        Fixture(
            kind: .propertyBecameOptional, old: object(["a": ["type": "string"]], required: ["a"]),
            new: object(["a": ["type": "string"]]), path: "/a"),
        Fixture(
            kind: .typeNarrowed, old: object(["a": ["type": ["string", "null"]]]),
            new: object(["a": ["type": "string"]]),
            path: "/a"),
        Fixture(
            kind: .typeNarrowed, old: object(["n": ["type": "number"]]), new: object(["n": ["type": "integer"]]),
            path: "/n"),
        Fixture(
            kind: .typeWidened, old: object(["a": ["type": "string"]]),
            new: object(["a": ["anyOf": [["type": "string"], ["type": "null"]]]]), path: "/a"),
        Fixture(
            kind: .typeChanged, old: object(["a": ["type": "string"]]), new: object(["a": ["type": "number"]]),
            path: "/a"),
        Fixture(
            kind: .enumValueRemoved, old: object(["e": ["enum": ["x", "y"]]]), new: object(["e": ["enum": ["x"]]]),
            path: "/e"),
        Fixture(
            kind: .enumValueAdded, old: object(["e": ["enum": ["x"]]]), new: object(["e": ["enum": ["x", "y"]]]),
            path: "/e"),
        Fixture(
            kind: .enumAdded, old: object(["e": ["type": "string"]]),
            new: object(["e": ["type": "string", "enum": ["x"]]]), path: "/e"),
        Fixture(
            kind: .enumRemoved, old: object(["e": ["type": "string", "const": "x"]]),
            new: object(["e": ["type": "string"]]), path: "/e"),
        Fixture(
            kind: .constraintTightened, old: object(["s": ["type": "string", "maxLength": 200]]),
            new: object(["s": ["type": "string", "maxLength": 100]]), path: "/s"),
        Fixture(
            kind: .constraintTightened, old: object(["s": ["type": "string"]]),
            new: object(["s": ["type": "string", "pattern": "^[A-Z]+$"]]), path: "/s"),
        Fixture(
            kind: .constraintTightened, old: object(["n": ["type": "number", "multipleOf": 0.01]]),
            new: object(["n": ["type": "number", "multipleOf": 0.1]]), path: "/n"),
        Fixture(
            kind: .constraintTightened, old: object(["l": ["type": "array", "items": ["type": "string"]]]),
            new: object(["l": ["type": "array", "items": ["type": "string"], "uniqueItems": true]]), path: "/l"),
        Fixture(
            kind: .additionalPropertiesRestricted, old: object(["a": ["type": "string"]]),
            new: object(["a": ["type": "string"]], extra: ["additionalProperties": false]), path: "/"),
        Fixture(
            kind: .compositionChanged, old: object(["u": ["oneOf": [["type": "string"], ["type": "number"]]]]),
            new: object(["u": ["oneOf": [["type": "string"], ["type": "number"], ["type": "boolean"]]]]), path: "/u"),
        // Compatible changes.
        Fixture(
            kind: .optionalPropertyAdded, old: object(["a": ["type": "string"]]),
            new: object(["a": ["type": "string"], "b": ["type": "string"]]), path: "/b"),
        Fixture(
            kind: .constraintLoosened, old: object(["n": ["type": "number", "minimum": 0]]),
            new: object(["n": ["type": "number", "minimum": -10]]), path: "/n"),
        Fixture(
            kind: .constraintLoosened, old: object(["s": ["type": "string", "format": "email"]]),
            new: object(["s": ["type": "string"]]), path: "/s"),
        Fixture(
            kind: .additionalPropertiesAllowed, old: object([:], extra: ["additionalProperties": false]),
            new: object([:]), path: "/"),
        Fixture(
            kind: .descriptionChanged, old: object(["a": ["type": "string", "description": "old"]]),
            new: object(["a": ["type": "string", "description": "new"]]), path: "/a"),
        Fixture(
            kind: .scoringChanged, old: object(["a": ["type": "string"]]),
            new: object(["a": ["type": "string", "x-eval": ["compare": "token_f1"]]]), path: "/a"),
    ]

    @Test(arguments: fixtures)
    func eachKindIsFlagged(_ fixture: Fixture) {
        let diff = SchemaDiff(old: fixture.old, new: fixture.new)
        #expect(diff.changes.map(\.kind) == [fixture.kind], "\(diff.changes)")
        #expect(diff.changes.first?.instancePath == fixture.path)
        #expect(diff.hasBreakingChanges == fixture.kind.isBreaking)
    }

    @Test func everyKindHasAFixture() {
        let covered = Set(Self.fixtures.map(\.kind))
        #expect(covered == Set(SchemaChange.Kind.allCases))
    }

    @Test func identicalSchemasHaveNoChanges() throws {
        let text = try RepositoryFile.text("schemas/invoice.schema.json")
        let document = try Schema(text: text).document
        #expect(SchemaDiff(old: document, new: document).changes.isEmpty)
    }

    @Test func referencesAreFollowedAndSharedDefinitionsReportedPerField() throws {
        let old: JSONValue = [
            "type": "object",
            "properties": ["vendor": ["$ref": "#/$defs/party"], "customer": ["$ref": "#/$defs/party"]],
            "$defs": [
                "party": [
                    "type": "object", "properties": ["vat": ["type": "string"], "node": ["$ref": "#/$defs/party"]],
                ]
            ],
        ]
        var newDefs = old
        if case .object(var root) = newDefs, case .object(var defs)? = root["$defs"],
            case .object(var party)? = defs["party"], case .object(var properties)? = party["properties"]
        {
            properties["vat"] = ["type": ["string", "null"]]
            party["properties"] = .object(properties)
            defs["party"] = .object(party)
            root["$defs"] = .object(defs)
            newDefs = .object(root)
        }
        let diff = SchemaDiff(old: old, new: newDefs)
        // Reported under both fields that use the definition; the recursive `node` ends the walk.
        #expect(diff.changes.map(\.instancePath) == ["/vendor/vat", "/customer/vat"])
        #expect(diff.changes.allSatisfy { $0.kind == .typeWidened })
        #expect(diff.changes.first?.newLocation?.description == "/$defs/party/properties/vat/type")
    }

    @Test func arrayItemsAreComparedUnderStar() {
        let old = Self.object(["l": ["type": "array", "items": Self.object(["q": ["type": "integer"]])]])
        let new = Self.object(["l": ["type": "array", "items": Self.object(["q": ["type": "number"]])]])
        let diff = SchemaDiff(old: old, new: new)
        #expect(diff.changes.map(\.instancePath) == ["/l/*/q"])
        #expect(diff.changes.first?.kind == .typeWidened)
    }
}

/// Files of the repository, found from this source file's path.
enum RepositoryFile {
    static func path(_ relative: String) -> String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent(relative).path
    }

    static func text(_ relative: String) throws -> String {
        try String(contentsOfFile: path(relative), encoding: .utf8)
    }
}
