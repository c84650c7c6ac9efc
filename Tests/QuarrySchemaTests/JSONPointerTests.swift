import QuarrySchema
import Testing

@Suite("JSON Pointer (RFC 6901)")
struct JSONPointerTests {
    let document: JSONValue = [
        "foo": ["bar", "baz"], "": 0, "a/b": 1, "c%d": 2, "e^f": 3, "g|h": 4, "i\\j": 5, "k\"l": 6, " ": 7, "m~n": 8,
    ]

    @Test(
        arguments: [
            ("", nil), ("/foo", nil), ("/foo/0", "bar"), ("/", 0), ("/a~1b", 1), ("/c%d", 2), ("/e^f", 3), ("/g|h", 4),
            ("/i\\j", 5), ("/k\"l", 6), ("/ ", 7), ("/m~0n", 8),
        ] as [(String, JSONValue?)])
    func resolvesTheRFCExamples(text: String, expected: JSONValue?) throws {
        let pointer = try JSONPointer(parsing: text)
        #expect(pointer.description == text)
        let resolved = pointer.resolve(in: document)
        if let expected {
            #expect(resolved == expected)
        } else {
            #expect(resolved != nil)
        }
    }

    @Test func rejectsMalformedPointers() {
        #expect(throws: JSONPointerError.self) { try JSONPointer(parsing: "foo") }
        #expect(throws: JSONPointerError.self) { try JSONPointer(parsing: "/a~2") }
        #expect(JSONPointer(tokens: ["foo", "01"]).resolve(in: document) == nil)
        #expect(JSONPointer(tokens: ["foo", "2"]).resolve(in: document) == nil)
    }

    @Test func decodesURIFragments() throws {
        #expect(try JSONPointer(fragment: "/c%25d").resolve(in: document) == 2)
    }
}
