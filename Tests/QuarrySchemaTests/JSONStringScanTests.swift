import Foundation
import QuarrySchema
import Testing

// The parser and the serializer skip ordinary string text eight bytes at a time; these tests put
// every kind of special byte at every offset around the word boundaries and check the results
// against Foundation.

@Suite("JSON string scanning")
struct JSONStringScanTests {
    /// Characters that end or interrupt a run of plain text.
    static let specials: [String] = [
        "\"", "\\", "\n", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "€", "😀", "/", " ", "~",
    ]

    /// Strings with `special` at each offset in 0..<20, in text of each length up to 24.
    static func samples(_ special: String) -> [String] {
        var samples: [String] = []
        for length in 0..<24 {
            for offset in 0...length {
                let prefix = String(repeating: "a", count: offset)
                let suffix = String(repeating: "b", count: length - offset)
                samples.append(prefix + special + suffix)
            }
        }
        return samples
    }

    @Test(arguments: specials)
    func serializedStringsMatchFoundation(_ special: String) throws {
        for sample in Self.samples(special) + [special + special, String(repeating: special, count: 9)] {
            let text = JSONValue.string(sample).serialized()
            // Foundation reads it back to the same string.
            let decoded = try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)
            #expect(decoded as? String == sample, "\(text)")
            // Only quotes, backslashes and control characters are escaped.
            let escapes = text.utf8.filter { $0 == UInt8(ascii: "\\") }.count
            let needed = sample.unicodeScalars.filter { $0 == "\"" || $0 == "\\" || $0.value < 0x20 }.count
            #expect(escapes == needed + sample.unicodeScalars.filter { $0 == "\\" }.count, "\(text)")
        }
    }

    @Test(arguments: specials)
    func parsedStringsMatchFoundation(_ special: String) throws {
        for sample in Self.samples(special) {
            // Written by Foundation (which escapes `/` and control characters its own way).
            let data = try JSONSerialization.data(withJSONObject: [sample], options: [])
            let parsed = try JSONValue(parsing: [UInt8](data))
            #expect(parsed == [.string(sample)], "\(String(decoding: data, as: UTF8.self))")
            // And round-tripped through Quarry's own writer.
            #expect(try JSONValue(parsing: JSONValue.string(sample).serialized()) == .string(sample))
        }
    }

    @Test func rejectsRawControlCharactersAtEveryOffset() {
        for length in 0..<20 {
            for offset in 0...length {
                var bytes = [UInt8(ascii: "\"")] + [UInt8](repeating: UInt8(ascii: "a"), count: length) + [0x22]
                bytes.insert(0x0A, at: 1 + offset)
                #expect(throws: JSONParseError.self) { try JSONValue(parsing: bytes) }
                // The same after an escape, on the slow path.
                var escaped = [UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "n")]
                escaped += [UInt8](repeating: UInt8(ascii: "a"), count: length) + [0x22]
                escaped.insert(0x01, at: 3 + offset)
                #expect(throws: JSONParseError.self) { try JSONValue(parsing: escaped) }
            }
        }
    }

    @Test func rejectsInvalidUTF8AtEveryOffset() {
        for length in 0..<20 {
            for offset in 0...length {
                for bad: [UInt8] in [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF]] {
                    var bytes = [UInt8(ascii: "\"")] + [UInt8](repeating: UInt8(ascii: "a"), count: length) + [0x22]
                    bytes.insert(contentsOf: bad, at: 1 + offset)
                    #expect(throws: JSONParseError.self) { try JSONValue(parsing: bytes) }
                    var escaped = [UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "t")]
                    escaped += [UInt8](repeating: UInt8(ascii: "a"), count: length) + [0x22]
                    escaped.insert(contentsOf: bad, at: 3 + offset)
                    #expect(throws: JSONParseError.self) { try JSONValue(parsing: escaped) }
                }
            }
        }
    }

    @Test func reportsAnUnterminatedStringWhereItStarts() throws {
        for length in 0..<20 {
            let text = "[\"" + String(repeating: "a", count: length)
            do {
                _ = try JSONValue(parsing: text)
                Issue.record("parsed an unterminated string")
            } catch {
                #expect(error.kind == .unexpectedEnd)
                #expect(error.byteOffset == 1)
            }
            #expect(throws: JSONParseError.self) {
                try JSONValue(parsing: "[\"a\\n" + String(repeating: "b", count: length))
            }
        }
    }

    @Test func appendWritesWhatBytesOfWrites() {
        let value: JSONValue = ["text": "line\none \"quoted\" \\ 😀", "list": [1, 2.5, nil, true], "empty": [:]]
        var output = Array("prefix:".utf8)
        JSONSerializer().append(value, to: &output)
        #expect(output == Array("prefix:".utf8) + JSONSerializer().bytes(of: value))
    }
}

@Suite("JSON object building")
struct JSONObjectBuildingTests {
    @Test func duplicateKeysKeepTheirFirstPlaceAndTakeTheLastValue() throws {
        let small = try JSONValue(parsing: #"{"a": 1, "b": 2, "\u0061": 3, "c": {"x": 1, "x": 2}, "b": 4}"#)
        #expect(small.objectValue?.keys == ["a", "b", "c"])
        #expect(small.serialized() == #"{"a":3,"b":4,"c":{"x":2}}"#)
        // Past the pairwise limit the check is hashed; the result is the same.
        var members = (0..<100).map { #""key\#($0)": \#($0)"# }
        members.append(#""key7": "seven""#)
        members.append(#""key\u0039\u0039": "last""#)
        let large = try JSONValue(parsing: "{" + members.joined(separator: ", ") + "}")
        #expect(large.objectValue?.count == 100)
        #expect(large["key7"] == "seven")
        #expect(large["key99"] == "last")
        #expect(large.objectValue?.keys.first == "key0")
        #expect(large.objectValue?.keys.last == "key99")
    }

    @Test func keysThatShareALengthAndEndsAreStillDistinct() throws {
        // Same length, same first and last eight bytes: only the middle differs.
        let text = #"{"abcdefgh-1-stuvwxyz": 1, "abcdefgh-2-stuvwxyz": 2, "abcdefgh-1-stuvwxyz": 3}"#
        let value = try JSONValue(parsing: text)
        #expect(value.objectValue?.keys == ["abcdefgh-1-stuvwxyz", "abcdefgh-2-stuvwxyz"])
        #expect(value["abcdefgh-1-stuvwxyz"] == 3)
        #expect(value["abcdefgh-2-stuvwxyz"] == 2)
    }

    @Test func nestedContainersKeepTheirOwnMembers() throws {
        let text = #"{"a": [1, [2, 3], {"b": [4, {"c": 5}], "d": []}, {}], "e": {"f": {"g": [[], [6]]}}, "h": 7}"#
        let value = try JSONValue(parsing: text)
        #expect(value.serialized() == text.replacingOccurrences(of: " ", with: ""))
        let big = try JSONValue(
            parsing: "[" + (0..<1_000).map { "[\($0), {\"k\": \($0)}]" }.joined(separator: ",") + "]")
        #expect(big.arrayValue?.count == 1_000)
        #expect(big.arrayValue?[999] == [999, ["k": 999]])
    }
}

extension JSONObjectBuildingTests {
    @Test func objectsInsideArraysInsideObjectsKeepTheirMembers() throws {
        let text = #"{"a": [{"b": 1, "c": [2, {"d": 3}]}, {"e": 4}], "f": [[{"g": 5}], 6], "h": {"i": [7, 8]}}"#
        let value = try JSONValue(parsing: text)
        #expect(value.serialized() == text.replacingOccurrences(of: " ", with: ""))
        #expect(value["a"]?.arrayValue?[0]["c"]?.arrayValue?[1]["d"] == 3)
        #expect(value["a"]?.arrayValue?[1]["e"] == 4)
        #expect(value["f"]?.arrayValue?[0].arrayValue?[0]["g"] == 5)
    }
}

@Suite("JSON number writing")
struct JSONNumberWritingTests {
    @Test func decimalsAreWrittenAsTheirDescription() throws {
        var texts = [
            "0.1", "-0.1", "1.5", "-1.5", "0.000001", "0.0000001", "-0.0000012", "123.456", "9223372036854775.807",
            "-922337203685477.5807", "0.9223372036854775807", "1e-7", "1.5e-7", "12.5e-10", "3.14159", "0.2", "1.1",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let significand = Int64.random(in: -99_999_999...99_999_999, using: &generator)
            let exponent = Int.random(in: -14 ... -1, using: &generator)
            texts.append("\(significand)e\(exponent)")
        }
        for text in texts {
            guard let number = JSONNumber(text: text) else {
                Issue.record("not a number: \(text)")
                continue
            }
            #expect(JSONValue.number(number).serialized() == number.description, "\(text)")
            #expect(try JSONValue(parsing: JSONValue.number(number).serialized()) == .number(number), "\(text)")
        }
    }
}

extension JSONStringScanTests {
    @Test func longMostlyASCIIStringsComeOutWhole() throws {
        let pieces = ["a", "é", "– dash", "😀", "\\n", "\\\"", "日本語", "plain text ", "\\u00e9", "\\ud83d\\ude00"]
        var generator = SystemRandomNumberGenerator()
        for length in [255, 256, 300, 2_000] {
            for _ in 0..<20 {
                var text = ""
                while text.utf8.count < length {
                    text += pieces.randomElement(using: &generator) ?? "a"
                    text += String(repeating: "x", count: Int.random(in: 0...40, using: &generator))
                }
                let json = "[\"" + text + "\"]"
                let parsed = try JSONValue(parsing: json)
                let foundation = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]
                #expect(parsed == .array([.string(foundation?.first ?? "")]), "\(json)")
                #expect(
                    parsed.arrayValue?.first?.stringValue?.unicodeScalars.elementsEqual(
                        foundation?.first?.unicodeScalars ?? "".unicodeScalars) == true)
            }
        }
        // More non-ASCII runs than are worth splitting.
        let many = String(repeating: "é a ", count: 200)
        #expect(try JSONValue(parsing: "\"\(many)\"") == .string(many))
        #expect(try JSONValue(parsing: "\"\\n\(many)\"") == .string("\n" + many))
    }
}
