import QuarrySchema
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    @Test func keepsKeyOrder() throws {
        let value = try JSONValue(parsing: #"{"zeta": 1, "alpha": 2, "mid": {"b": 1, "a": 2}}"#)
        #expect(value.objectValue?.keys == ["zeta", "alpha", "mid"])
        #expect(value.serialized() == #"{"zeta":1,"alpha":2,"mid":{"b":1,"a":2}}"#)
    }

    @Test func parsesScalarsAndEscapes() throws {
        let value = try JSONValue(parsing: #"[null, true, false, "a\"b\\c\/d\n\t\u00e9\ud83d\ude00", -0, 1e2]"#)
        #expect(value == [nil, true, false, "a\"b\\c/d\n\té😀", 0, 100])
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() throws {
        #expect(try JSONValue(parsing: #""\ud800""#) == "\u{FFFD}")
        #expect(try JSONValue(parsing: #""\udc00x""#) == "\u{FFFD}x")
        #expect(try JSONValue(parsing: #""\ud800\u0041""#) == "\u{FFFD}A")
    }

    @Test func duplicateKeysKeepFirstPositionAndLastValue() throws {
        let value = try JSONValue(parsing: #"{"a": 1, "b": 2, "a": 3}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == 3)
    }

    @Test func reportsLineColumnAndOffset() {
        let text = "{\n  \"a\": 1,\n  \"b\": tru\n}"
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
        do {
            _ = try JSONValue(parsing: text)
        } catch {
            #expect(error.kind == .unexpectedCharacter)
            #expect(error.line == 3)
            #expect(error.column == 8)
            #expect(error.byteOffset == 19)
        }
    }

    @Test(arguments: [
        ("", JSONParseError.Kind.unexpectedEnd), ("[1,]", .unexpectedCharacter), ("{\"a\" 1}", .unexpectedCharacter),
        ("01", .invalidNumber), ("1.", .invalidNumber), ("-", .invalidNumber), ("1e", .invalidNumber),
        ("\"a\u{01}\"", .unescapedControlCharacter), ("\"\\x\"", .invalidEscape), ("\"\\u12G4\"", .invalidEscape),
        ("[1] 2", .trailingCharacters), ("\"abc", .unexpectedEnd), ("nul", .unexpectedEnd),
        ("tru e", .unexpectedCharacter),
    ])
    func rejectsMalformedText(text: String, kind: JSONParseError.Kind) {
        do {
            _ = try JSONValue(parsing: text)
            Issue.record("parsed \(text) without error")
        } catch {
            #expect(error.kind == kind, "\(text): \(error)")
        }
    }

    @Test(
        arguments: [
            [0x22, 0xC3, 0x28, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF8, 0x22], [0x22, 0xE2, 0x82, 0x22],
            [0x22, 0xC0, 0xAF, 0x22],
        ] as [[UInt8]])
    func rejectsInvalidUTF8(bytes: [UInt8]) {
        do {
            _ = try JSONValue(parsing: bytes)
            Issue.record("accepted invalid UTF-8 \(bytes)")
        } catch {
            #expect(error.kind == .invalidUTF8)
        }
    }

    @Test func refusesNestingBeyondTheLimit() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        do {
            _ = try JSONValue(parsing: deep)
            Issue.record("parsed 100 000 levels")
        } catch {
            #expect(error.kind == .tooDeep)
            #expect(error.byteOffset == 1_000)
        }
        let allowed = String(repeating: "[", count: 1_000) + String(repeating: "]", count: 1_000)
        #expect(throws: Never.self) { try JSONValue(parsing: allowed) }
        let custom = JSONParser(options: .init(maxDepth: 3))
        #expect(throws: JSONParseError.self) { try custom.parse("[[[[1]]]]") }
    }

    @Test func randomBytesNeverCrash() {
        var generator = SplitMix64(seed: 42)
        let alphabet = Array(#"{}[]",:0123456789.eE-+tfnrul\ "#.utf8) + [0x00, 0x80, 0xC3, 0xA9, 0xFF, 0xED]
        var parsed = 0
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 40)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            if (try? JSONValue(parsing: bytes)) != nil { parsed += 1 }
        }
        // Mostly garbage; the point is that every input returned.
        #expect(parsed < 20_000)
    }

    @Test func serializesPrettyAndEscapes() throws {
        let value: JSONValue = ["b": [1, "x\n\u{01}"], "a": [:], "c": []]
        #expect(
            value.serialized(pretty: true)
                == "{\n  \"b\": [\n    1,\n    \"x\\n\\u0001\"\n  ],\n  \"a\": {},\n  \"c\": []\n}")
        #expect(value.canonicalText == #"{"a":{},"b":[1,"x\n\u0001"],"c":[]}"#)
        #expect(try JSONValue(parsing: value.serialized(pretty: true)) == value)
    }

    @Test func handlesAFiftyMegabyteString() throws {
        let big = String(repeating: "a", count: 50_000_000)
        let value = try JSONValue(parsing: "\"" + big + "\"")
        #expect(value.stringValue?.utf8.count == 50_000_000)
    }
}

/// A small deterministic random number generator for tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
