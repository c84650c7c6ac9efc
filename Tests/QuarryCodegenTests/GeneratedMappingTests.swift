import Foundation
import Quarry
import QuarryExampleTypes
import QuarrySchema
import Testing

/// Each mapping of `Tests/QuarryExampleTypes/features.schema.json`, through the type the build
/// plugin generated from it: that the code compiles is half the test; these check behaviour.
@Suite struct GeneratedMappingTests {
    static let document = """
        {
          "id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
          "class": "first", "2fa": true, "e-mail": "a@example.com", "eMail": "b@example.com", "naïve": 3,
          "nullable_required": null, "nullable_optional": null, "any_value": [1, "two", null],
          "created": "2025-03-14T09:30:00.000+01:00", "homepage": "https://example.com/a b",
          "mixed": 0, "level": 2, "old_field": "legacy",
          "shape": {"kind": "square", "side": 2.5},
          "either": {"id": 7},
          "tree": {"value": 1, "next": {"value": 2, "children": [{"value": 3}]}, "note": "kept"},
          "labels": {"en": "Hello", "fr": "Bonjour"},
          "combined": {"a": "x", "b": 2, "c": true},
          "pair": ["p", 1], "matrix": [[1, null], []],
          "extra": {"unknown": "kept too"}
        }
        """

    static func decoded() throws -> Features { try Features.decode(validating: Data(document.utf8)) }

    @Test func namesAreSwiftIdentifiersWithStableFallbacks() throws {
        let value = try Self.decoded()
        #expect(value.class == "first")
        #expect(value._2fa == true)
        #expect(value.eMail == "a@example.com")
        #expect(value.eMail2 == "b@example.com")
        #expect(value.naïve == 3)
    }

    @Test func nullAndAbsentAreDifferentStates() throws {
        var value = try Self.decoded()
        #expect(value.nullableRequired == nil)
        #expect(value.nullableOptional == .null)
        value.nullableOptional = nil
        let object = try JSONValue(parsing: [UInt8](JSONEncoder().encode(value))).objectValue
        #expect(object?["nullable_required"] == .null)
        #expect(object?.contains(key: "nullable_optional") == false)
        value.nullableOptional = .value(1.5)
        let again = try JSONValue(parsing: [UInt8](JSONEncoder().encode(value))).objectValue
        #expect(again?["nullable_optional"] == .number(JSONNumber(1.5) ?? 0))
    }

    @Test func formatsKeepTheirTextAndParse() throws {
        let value = try Self.decoded()
        #expect(value.id.parsed == UUID(uuidString: "1B4E28BA-2FA1-11D2-883F-0016D3CCA427"))
        #expect(value.created?.rawValue == "2025-03-14T09:30:00.000+01:00")
        #expect(value.created?.parsed == Date(timeIntervalSince1970: 1_741_941_000))
        // Not a valid URI, but `format` is an annotation: the text is kept and `parsed` is nil.
        #expect(value.homepage?.rawValue == "https://example.com/a b")
    }

    @Test func enumsAndValueSets() throws {
        let value = try Self.decoded()
        #expect(value.level == .value2)
        #expect(value.mixed?.value == 0)
        #expect(Features.Mixed(.string("manual")) == nil)
        #expect(Features.Mixed(.bool(true))?.value == .bool(true))
        #expect(Features.Mixed.allowedValues.count == 4)
    }

    @Test func oneOfUsesTheDiscriminatorAndAnyOfTheFirstFit() throws {
        let value = try Self.decoded()
        #expect(value.shape == .square(Features.Square(kind: .square, side: 2.5)))
        #expect(value.either == .byId(Features.Either.ById(id: 7)))
    }

    @Test func recursionIsStoredIndirectly() throws {
        let value = try Self.decoded()
        #expect(value.tree.value == 1)
        #expect(value.tree.next?.value == 2)
        #expect(value.tree.next?.children?.first?.value == 3)
        #expect(value.tree.additionalProperties["note"] == "kept")
    }

    @Test func dictionariesMergedAllOfAndOpenObjects() throws {
        let value = try Self.decoded()
        #expect(value.labels == ["en": "Hello", "fr": "Bonjour"])
        #expect(value.combined?.a == "x")
        #expect(value.combined?.b == 2)
        #expect(value.combined?.additionalProperties == ["c": true])
        #expect(value.additionalProperties["extra"] == ["unknown": "kept too"])
        #expect(value.pair == ["p", 1])
        #expect(value.matrix == [[1, nil], []])
    }

    @Test func everythingRoundTrips() throws {
        let original = try JSONValue(parsing: Self.document)
        let encoded = try JSONEncoder().encode(Self.decoded())
        #expect(try JSONValue(parsing: [UInt8](encoded)) == original)
    }

    @Test func invalidDocumentsFailWithPointers() throws {
        var object = try #require(try JSONValue(parsing: Self.document).objectValue)
        object["shape"] = ["kind": "triangle", "side": 1]
        object["level"] = 4
        #expect {
            _ = try Features.decode(validating: Data(JSONValue.object(object).serialized().utf8))
        } throws: { error in
            guard case ValidatedDecodingError.invalid(let errors) = error else { return false }
            let pointers = Set(errors.map(\.instanceLocation.description))
            return pointers.contains("/shape") && pointers.contains("/level")
        }
    }

    @Test func deprecatedPropertiesStillDecode() throws {
        let value = try Self.decoded()
        let text = try #require(String(data: JSONEncoder().encode(value), encoding: .utf8))
        #expect(text.contains("\"old_field\":\"legacy\""))
    }
}
