import Foundation
import QuarrySchema
import Testing

// JSONValueDecoder against Foundation's JSONDecoder: the same text decodes to the same value,
// and the same mistakes give the same kind of error at the same coding path.

/// Decodes `text` with `JSONDecoder` and, parsed, with `JSONValueDecoder`.
private func decodeBoth<T: Decodable>(_ type: T.Type, _ text: String) throws -> (text: T, value: T) {
    let viaText = try JSONDecoder().decode(T.self, from: Data(text.utf8))
    let viaValue = try JSONValueDecoder().decode(T.self, from: JSONValue(parsing: text))
    return (viaText, viaValue)
}

/// Expects both decoders to give equal values for `text`.
private func expectSame<T: Decodable & Equatable>(
    _ type: T.Type, _ text: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        let (viaText, viaValue) = try decodeBoth(type, text)
        #expect(viaText == viaValue, "\(text)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("\(text): \(error)", sourceLocation: sourceLocation)
    }
}

/// A decoding error reduced to what both decoders should agree on.
private struct ErrorShape: Equatable, CustomStringConvertible {
    var kind: String
    var path: [String]

    init(kind: String, path: [String]) {
        self.kind = kind
        self.path = path
    }

    init(_ error: any Error) {
        func render(_ path: [any CodingKey]) -> [String] {
            path.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }
        }
        switch error as? DecodingError {
        case .typeMismatch(_, let context)?:
            kind = "typeMismatch"
            path = render(context.codingPath)
        case .valueNotFound(_, let context)?:
            kind = "valueNotFound"
            path = render(context.codingPath)
        case .keyNotFound(let key, let context)?:
            kind = "keyNotFound(\(key.stringValue))"
            path = render(context.codingPath)
        case .dataCorrupted(let context)?:
            kind = "dataCorrupted"
            path = render(context.codingPath)
        default:
            kind = "other: \(error)"
            path = []
        }
    }

    var description: String { "\(kind) at \(path)" }
}

/// The error `JSONValueDecoder` throws for `text`, or `nil` when it decodes.
private func valueError<T: Decodable>(_ type: T.Type, _ text: String) -> ErrorShape? {
    do {
        _ = try JSONValueDecoder().decode(T.self, from: JSONValue(parsing: text))
        return nil
    } catch {
        return ErrorShape(error)
    }
}

/// Expects both decoders to fail on `text` with the same kind of error at the same path.
private func expectSameError<T: Decodable>(
    _ type: T.Type, _ text: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    var textError: ErrorShape?
    do { _ = try JSONDecoder().decode(T.self, from: Data(text.utf8)) } catch { textError = ErrorShape(error) }
    let mine = valueError(type, text)
    #expect(textError != nil, "JSONDecoder accepted \(text)", sourceLocation: sourceLocation)
    #expect(mine == textError, "\(text)", sourceLocation: sourceLocation)
}

// MARK: - Types

private struct Address: Codable, Equatable {
    var street: String
    var city: String
    var region: String?
    var postalCode: String
    enum CodingKeys: String, CodingKey {
        case street, city, region
        case postalCode = "postal_code"
    }
}

private struct LineItem: Codable, Equatable {
    var description: String
    var quantity: Int
    var unitPrice: Double
    var tags: [String]?
    enum CodingKeys: String, CodingKey {
        case description, quantity, tags
        case unitPrice = "unit_price"
    }
}

private struct Invoice: Codable, Equatable {
    var number: String
    var billTo: Address
    var shipTo: Address?
    var items: [LineItem]
    var totals: [String: Double]
    var paid: Bool
    var notes: [String?]
    enum CodingKeys: String, CodingKey {
        case number, items, totals, paid, notes
        case billTo = "bill_to"
        case shipTo = "ship_to"
    }
}

private enum Status: String, Codable, Equatable {
    case draft, sent, paid
}

private enum Priority: Int, Codable, Equatable {
    case low = 1
    case high = 2
}

/// Synthesized `Codable` for an enum with associated values (nested keyed containers).
private enum Payment: Codable, Equatable {
    case cash
    case card(last4: String, expires: Int?)
    case transfer(String, Double)
}

private struct Integers: Codable, Equatable {
    var i: Int
    var i8: Int8
    var i16: Int16
    var i32: Int32
    var i64: Int64
    var u: UInt
    var u8: UInt8
    var u16: UInt16
    var u32: UInt32
    var u64: UInt64
}

private struct OptionalIntegers: Codable, Equatable {
    var i: Int?
    var i8: Int8?
    var i16: Int16?
    var i32: Int32?
    var i64: Int64?
    var u: UInt?
    var u8: UInt8?
    var u16: UInt16?
    var u32: UInt32?
    var u64: UInt64?
    var float: Float?
    var double: Double?
    var bool: Bool?
    var string: String?
}

private struct Floats: Codable, Equatable {
    var float: Float
    var double: Double
}

private struct Foundations: Codable, Equatable {
    var decimal: Decimal
    var date: Date
    var data: Data
    var url: URL
    var uuid: UUID
}

private struct Collections: Codable, Equatable {
    var set: Set<String>
    var nested: [[Int]]
    var byName: [String: [String: Int]]
    var byNumber: [Int: String]
    var optionalArray: [Int]?
    var optionalOptional: Int??
}

/// Reads its members through every container a hand-written `init(from:)` can use.
private struct HandWritten: Decodable, Equatable {
    var name: String
    var point: [Double]
    var flags: [String: Bool]
    var hasExtra: Bool
    var trailingNil: Bool
    var count: Int?

    enum Keys: String, CodingKey {
        case name, location, flags, extra, tail
    }
    enum LocationKeys: String, CodingKey {
        case point
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        name = try container.decode(String.self, forKey: .name)
        let location = try container.nestedContainer(keyedBy: LocationKeys.self, forKey: .location)
        var point = try location.nestedUnkeyedContainer(forKey: .point)
        var coordinates: [Double] = []
        count = point.count
        while !point.isAtEnd { coordinates.append(try point.decode(Double.self)) }
        self.point = coordinates
        flags = try container.decode([String: Bool].self, forKey: .flags)
        hasExtra = container.contains(.extra)
        var tail = try container.nestedUnkeyedContainer(forKey: .tail)
        _ = try tail.decode(Int.self)
        var inner = try tail.nestedUnkeyedContainer()
        _ = try inner.decode(String.self)
        let innerObject = try tail.nestedContainer(keyedBy: Keys.self)
        _ = try innerObject.decodeIfPresent(String.self, forKey: .name)
        trailingNil = try tail.decodeNil()
    }
}

private class Animal: Codable {
    var name: String
    init(name: String) { self.name = name }
}

/// A subclass that encodes its superclass under `super` (the documented Codable pattern).
private final class Dog: Animal, Equatable {
    var breed: String
    enum CodingKeys: String, CodingKey { case breed }

    init(name: String, breed: String) {
        self.breed = breed
        super.init(name: name)
    }

    required init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        breed = try container.decode(String.self, forKey: .breed)
        try super.init(from: container.superDecoder())
    }

    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(breed, forKey: .breed)
        try super.encode(to: container.superEncoder())
    }

    static func == (lhs: Dog, rhs: Dog) -> Bool { lhs.name == rhs.name && lhs.breed == rhs.breed }
}

/// Reads the coding path from inside nested values.
private struct PathProbe: Decodable {
    var paths: [String]

    struct Leaf: Decodable {
        var path: String
        init(from decoder: any Decoder) throws {
            path = decoder.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: "/")
        }
    }
    enum Keys: String, CodingKey { case a, b }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let a = try container.decode(Leaf.self, forKey: .a)
        let b = try container.decode([[Leaf]].self, forKey: .b)
        paths = [a.path] + b.flatMap { $0.map(\.path) }
    }
}

// MARK: - Tests

@Suite("JSONValueDecoder")
struct JSONValueDecoderTests {
    @Test func decodesNestedTypesLikeJSONDecoder() {
        expectSame(
            Invoice.self,
            """
            {"number": "INV-1", "bill_to": {"street": "1 Main St", "city": "Leeds", "postal_code": "LS1"},
             "ship_to": null,
             "items": [{"description": "Tea", "quantity": 3, "unit_price": 2.5, "tags": ["food", "hot"]},
                       {"unit_price": 1e1, "quantity": 1.0, "description": "Mug"}],
             "totals": {"net": 17.5, "tax": 3.5, "gross": 21}, "paid": false, "notes": ["a", null, "b"],
             "unknown": {"ignored": [1, 2, 3]}}
            """)
        expectSame(
            Invoice.self,
            """
            {"number": "", "bill_to": {"street": "", "city": "", "region": "Yorks", "postal_code": ""},
             "ship_to": {"street": "x", "city": "y", "postal_code": "z", "region": null},
             "items": [], "totals": {}, "paid": true, "notes": []}
            """)
    }

    @Test func decodesEnumsLikeJSONDecoder() {
        expectSame([Status].self, #"["draft", "paid", "sent"]"#)
        expectSame([Priority].self, "[1, 2, 2.0]")
        expectSame(
            [Payment].self,
            #"[{"cash": {}}, {"card": {"last4": "4242", "expires": 2712}}, {"card": {"last4": "0000"}},"#
                + #" {"transfer": {"_0": "GB00", "_1": 12.5}}]"#)
        expectSameError(Status.self, #""void""#)
        expectSameError(Priority.self, "3")
        expectSameError(Payment.self, #"{"cash": {}, "card": {"last4": "1"}}"#)
    }

    @Test func decodesIntegersAtTheEdgesOfTheirRanges() {
        expectSame(
            Integers.self,
            """
            {"i": 9223372036854775807, "i8": 127, "i16": 32767, "i32": 2147483647, "i64": 9223372036854775807,
             "u": 18446744073709551615, "u8": 255, "u16": 65535, "u32": 4294967295, "u64": 18446744073709551615}
            """)
        expectSame(
            Integers.self,
            """
            {"i": -9223372036854775808, "i8": -128, "i16": -32768, "i32": -2147483648, "i64": -9223372036854775808,
             "u": 0, "u8": 0, "u16": 0, "u32": 0, "u64": 0}
            """)
        // Whole numbers written with a fraction or an exponent are integers, as in JSONDecoder.
        expectSame(
            Integers.self,
            """
            {"i": 1.0, "i8": 1e2, "i16": -0, "i32": 12345678.000, "i64": 1.2345678901234567E18,
             "u": 1e19, "u8": 2.55e2, "u16": 0.0, "u32": 4.294967295e9, "u64": 123456789012345678.0}
            """)
        expectSame([Int].self, "[0, -1, 1, 42, 1E3]")
        expectSame([UInt64].self, "[18446744073709551615, 9223372036854775808]")
        expectSame([Int8].self, "[-128, 127]")
    }

    @Test func decodesLargeWholeNumbersExactly() throws {
        // JSONDecoder goes through Double for these and fails; the exact numbers fit.
        let value = try JSONValue(
            parsing: #"[9223372036854775807.0, 18446744073709551615.0, 1.8446744073709551615e19]"#)
        #expect(try JSONValueDecoder().decode([UInt64].self, from: value) == [.max / 2, .max, .max])
        #expect(try JSONValueDecoder().decode(Int64.self, from: JSONValue(parsing: "9223372036854775807.0")) == .max)
        #expect(try JSONValueDecoder().decode(Int64.self, from: JSONValue(parsing: "-9.223372036854775808e18")) == .min)
    }

    @Test func rejectsIntegersOutOfRangeAtTheirPath() {
        // JSONDecoder reports these without a coding path; JSONValueDecoder says where.
        let cases: [(String, String)] = [
            (#"{"i8": 128}"#, "i8"), (#"{"i8": -129}"#, "i8"), (#"{"u8": 256}"#, "u8"), (#"{"u": -1}"#, "u"),
            (#"{"i": 9223372036854775808}"#, "i"), (#"{"i": -9223372036854775809}"#, "i"),
            (#"{"u64": 18446744073709551616}"#, "u64"), (#"{"i": 1.5}"#, "i"), (#"{"i": 1e19}"#, "i"),
            (#"{"i32": 1e-1}"#, "i32"), (#"{"u16": 65536}"#, "u16"), (#"{"i16": -32769}"#, "i16"),
            (#"{"i": 100000000000000000000000000000}"#, "i"), (#"{"u32": -0.5}"#, "u32"),
        ]
        for (text, key) in cases {
            #expect((try? JSONDecoder().decode(OptionalIntegers.self, from: Data(text.utf8))) == nil, "\(text)")
            #expect(
                valueError(OptionalIntegers.self, text) == ErrorShape(kind: "dataCorrupted", path: [key]), "\(text)")
        }
        #expect(valueError([Int8].self, "[1, 2, 300]") == ErrorShape(kind: "dataCorrupted", path: ["[2]"]))
        #expect(valueError(Int.self, "0.5") == ErrorShape(kind: "dataCorrupted", path: []))
    }

    @Test func decodesFloatingPointToTheNearestValue() {
        let texts = [
            "0", "1", "-1", "0.1", "0.2", "0.30000000000000004", "1.7976931348623157e308", "2.2250738585072014e-308",
            "4.9e-324", "123456789.123456789", "9007199254740993", "1e22", "1e23", "-2.5e-5", "3.4028235e38",
            "1.17549435e-38", "16777217", "0.000001", "12345678901234567890123", "1.00000000000000011102230246251565",
            "2.00000000000000044408920985006262", "8.589973e9", "1e-45", "7.038531e-26",
        ]
        for text in texts {
            expectSame(Double.self, text)
            if let float = Float(text), float.isFinite, float != 0 || Double(text) == 0 {
                expectSame(Float.self, text)
            }
        }
        expectSame(Floats.self, #"{"float": 0.1, "double": 0.1}"#)
        expectSame([Double].self, "[1.5, 2, -3e-3, 1E+2]")
    }

    @Test func rejectsFloatingPointOutOfRange() {
        for text in ["1e400", "-1e400", "1e-400"] {
            #expect((try? JSONDecoder().decode(Double.self, from: Data(text.utf8))) == nil)
            #expect(valueError(Double.self, text)?.kind == "dataCorrupted")
        }
        for text in ["1e39", "-1e39", "1e-50"] {
            #expect((try? JSONDecoder().decode(Float.self, from: Data(text.utf8))) == nil)
            #expect(valueError(Float.self, text)?.kind == "dataCorrupted")
        }
        #expect(
            valueError(Floats.self, #"{"float": 1e39, "double": 1}"#)
                == ErrorShape(kind: "dataCorrupted", path: ["float"]))
    }

    @Test func decodesFoundationTypesLikeJSONDecoder() {
        expectSame(
            Foundations.self,
            """
            {"decimal": 1234.5678, "date": 764000000.25, "data": "aGVsbG8gd29ybGQ=",
             "url": "https://quarry.example/a%20b?c=d", "uuid": "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"}
            """)
        for text in [
            "0", "1.50", "-12.345", "12345678901234567890.123", "1e10", "0.000000000000000000001", "-7e-20",
            "3.14159265358979323846264338327950288", "99999999999999999999999999999999999999", "1e127", "1e-127",
        ] {
            expectSame(Decimal.self, text)
        }
        expectSame(URL.self, #""https://quarry.example/a b""#)
        expectSame([Date].self, "[0, -1.5, 1e9]")
        expectSameError(Data.self, #""not base64!""#)
        expectSameError(Data.self, "[1, 2]")
        expectSameError(URL.self, "12")
    }

    @Test func decodesCollectionsLikeJSONDecoder() {
        expectSame(
            Collections.self,
            """
            {"set": ["a", "b", "c"], "nested": [[], [1], [2, 3]], "byName": {"x": {"y": 1}, "z": {}},
             "byNumber": {"1": "one", "-2": "minus two"}, "optionalArray": null, "optionalOptional": 5}
            """)
        expectSame(
            Collections.self,
            """
            {"set": [], "nested": [], "byName": {}, "byNumber": {}, "optionalArray": [1, 2]}
            """)
        expectSame([Int?].self, "[1, null, 3]")
        expectSame([String: Int?].self, #"{"a": null, "b": 2}"#)
        expectSame([[String: [Double]]].self, #"[{"a": [1, 2.5]}, {}]"#)
        expectSameError([Int: String].self, #"{"1": "one", "two": "2"}"#)
    }

    @Test func decodesTopLevelScalarsAndOptionals() {
        expectSame(String.self, #""héllo \"wörld\"""#)
        expectSame(Int.self, "42")
        expectSame(Bool.self, "true")
        expectSame(Int?.self, "null")
        expectSame(Int?.self, "7")
        expectSame(Double?.self, "null")
        expectSame(UInt16.self, "65535")
    }

    @Test func decodesThroughEveryContainer() throws {
        let text = """
            {"name": "n", "location": {"point": [1, 2.5, -3]}, "flags": {"on": true, "off": false},
             "tail": [1, ["s"], {"name": "inner"}, null]}
            """
        let (viaText, viaValue) = try decodeBoth(HandWritten.self, text)
        #expect(viaText == viaValue)
        #expect(viaValue.point == [1, 2.5, -3])
        #expect(viaValue.count == 3)
        #expect(!viaValue.hasExtra)
        #expect(viaValue.trailingNil)
    }

    @Test func decodesASuperclassThroughSuperDecoder() throws {
        let encoded = try JSONEncoder().encode(Dog(name: "Rex", breed: "collie"))
        let text = String(decoding: encoded, as: UTF8.self)
        let (viaText, viaValue) = try decodeBoth(Dog.self, text)
        #expect(viaText == viaValue)
        #expect(viaValue.name == "Rex")
        // A missing `super` member decodes as `null`, as in JSONDecoder.
        expectSameError(Dog.self, #"{"breed": "collie"}"#)
        #expect(valueError(Dog.self, #"{"breed": "collie"}"#) == ErrorShape(kind: "valueNotFound", path: ["super"]))
    }

    @Test func reportsTheCodingPathToNestedDecoders() throws {
        let text = #"{"a": 1, "b": [[0], [0, 0]]}"#
        let viaValue = try JSONValueDecoder().decode(PathProbe.self, from: JSONValue(parsing: text))
        let viaText = try JSONDecoder().decode(PathProbe.self, from: Data(text.utf8))
        #expect(viaValue.paths == ["a", "b/[0]/[0]", "b/[1]/[0]", "b/[1]/[1]"])
        #expect(viaValue.paths == viaText.paths)
    }

    @Test func failsLikeJSONDecoder() {
        let invoice = #"{"number": "1", "bill_to": {"street": "s", "city": "c", "postal_code": "p"},"#
        // Missing keys, at the top and nested.
        expectSameError(Invoice.self, #"{"number": "1"}"#)
        expectSameError(Invoice.self, invoice + #" "items": [], "totals": {}, "paid": true}"#)
        expectSameError(
            Invoice.self,
            #"{"number": "1", "bill_to": {"street": "s", "city": "c"}, "items": [], "totals": {},"#
                + #" "paid": true, "notes": []}"#)
        // Wrong types, and null where a value is needed.
        expectSameError(Invoice.self, invoice + #" "items": [], "totals": {}, "paid": "yes", "notes": []}"#)
        expectSameError(Invoice.self, invoice + #" "items": [], "totals": {}, "paid": null, "notes": []}"#)
        expectSameError([Bool].self, "[true, null]")
        expectSameError([String].self, #"["a", null]"#)
        expectSameError(Floats.self, #"{"float": null, "double": 1}"#)
        expectSameError(Foundations.self, #"{"decimal": null}"#)
        expectSameError(Foundations.self, #"{"decimal": "1"}"#)
        expectSameError(Foundations.self, #"{"decimal": 1, "date": null}"#)
        expectSameError(Foundations.self, #"{"decimal": 1, "date": 1, "data": null}"#)
        expectSameError(Foundations.self, #"{"decimal": 1, "date": 1, "data": "", "url": null}"#)
        expectSameError(Foundations.self, #"{"decimal": 1, "date": 1, "data": "", "url": 1}"#)
        expectSameError(Integers.self, #"{"i": null}"#)
        expectSameError(Integers.self, #"{"i": 1, "i8": "1"}"#)
        expectSameError(Invoice.self, invoice + #" "items": {}, "totals": {}, "paid": true, "notes": []}"#)
        expectSameError(Invoice.self, invoice + #" "items": null, "totals": {}, "paid": true, "notes": []}"#)
        expectSameError(Invoice.self, invoice + #" "items": [], "totals": [], "paid": true, "notes": []}"#)
        expectSameError(Invoice.self, invoice + #" "items": [], "totals": {"a": "1"}, "paid": true, "notes": []}"#)
        expectSameError(
            Invoice.self,
            invoice + #" "items": [{"description": "d", "quantity": 1, "unit_price": 1}, {"description": 5,"#
                + #" "quantity": 1, "unit_price": 1}], "totals": {}, "paid": true, "notes": []}"#)
        expectSameError(
            Invoice.self,
            invoice + #" "items": [{"description": "d", "quantity": 1, "unit_price": 1, "tags": [1]}],"#
                + #" "totals": {}, "paid": true, "notes": []}"#)
        expectSameError(Invoice.self, invoice + #" "items": [], "totals": {}, "paid": true, "notes": [1]}"#)
        expectSameError(Invoice.self, "[]")
        expectSameError(Invoice.self, "null")
        expectSameError(Invoice.self, #""text""#)
        expectSameError([Int].self, "{}")
        expectSameError([Int].self, "null")
        expectSameError([Int].self, "[1, null]")
        expectSameError([Int].self, #"[1, "2"]"#)
        expectSameError(Int.self, "true")
        expectSameError(Bool.self, "1")
        expectSameError(String.self, "1")
        expectSameError(Double.self, #""1.5""#)
        expectSameError(Int.self, "null")
        expectSameError(HandWritten.self, #"{"name": "n", "location": 5}"#)
        expectSameError(HandWritten.self, #"{"name": "n", "location": {"point": {}}}"#)
        expectSameError(HandWritten.self, #"{"name": "n", "location": {"point": null}}"#)
        expectSameError(
            HandWritten.self,
            #"{"name": "n", "location": {"point": [1]}, "flags": {}, "tail": [1, ["s"], {}]}"#)
        expectSameError(
            HandWritten.self, #"{"name": "n", "location": {"point": [1]}, "flags": {}, "tail": [1, 2]}"#)
        expectSameError(HandWritten.self, #"{"name": "n", "location": {"point": [1]}, "flags": {}, "tail": [1]}"#)
    }

    @Test func reportsUsefulErrorMessages() throws {
        let text = #"{"items": [{"description": "d", "quantity": 1, "unit_price": 1, "tags": ["a", 4]}]}"#
        struct Items: Decodable { var items: [LineItem] }
        do {
            _ = try JSONValueDecoder().decode(Items.self, from: JSONValue(parsing: text))
            Issue.record("decoded an invalid item")
        } catch DecodingError.typeMismatch(let type, let context) {
            #expect(ObjectIdentifier(type) == ObjectIdentifier(String.self))
            #expect(context.codingPath.map(\.stringValue) == ["items", "Index 0", "tags", "Index 1"])
            #expect(context.debugDescription == "Expected to decode String but found number instead.")
        }
        do {
            _ = try JSONValueDecoder().decode(LineItem.self, from: JSONValue(parsing: #"{"description": "d"}"#))
            Issue.record("decoded an item without a quantity")
        } catch DecodingError.keyNotFound(let key, let context) {
            #expect(key.stringValue == "quantity")
            #expect(context.codingPath.isEmpty)
        }
        do {
            _ = try JSONValueDecoder().decode([Int8].self, from: JSONValue(parsing: "[0, 1000]"))
            Issue.record("decoded 1000 as Int8")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.codingPath.map(\.intValue) == [1])
            #expect(context.codingPath.map(\.stringValue) == ["Index 1"])
            #expect(context.debugDescription == "Parsed JSON number <1000> does not fit in Int8.")
        }
    }

    @Test func passesUserInfoToTheTypes() throws {
        struct Reader: Decodable {
            static let key = CodingUserInfoKey(rawValue: "unit")!
            var unit: String?
            init(from decoder: any Decoder) throws {
                let nested = try decoder.container(keyedBy: HandWritten.Keys.self)
                _ = nested.allKeys
                unit = decoder.userInfo[Self.key] as? String
            }
        }
        var decoder = JSONValueDecoder()
        decoder.userInfo[Reader.key] = "mm"
        #expect(try decoder.decode(Reader.self, from: ["name": "x"]).unit == "mm")
        #expect(try decoder.decode([Reader].self, from: [["name": "x"]]).first?.unit == "mm")
        #expect(try JSONValueDecoder().decode(Reader.self, from: [:]).unit == nil)
    }

    @Test func listsKeysInDocumentOrder() throws {
        struct Keys: Decodable {
            var keys: [String]
            init(from decoder: any Decoder) throws {
                keys = try decoder.container(keyedBy: HandWritten.Keys.self).allKeys.map(\.stringValue)
            }
        }
        let value = try JSONValue(parsing: #"{"tail": 1, "other": 2, "name": 3, "flags": 4}"#)
        #expect(try JSONValueDecoder().decode(Keys.self, from: value).keys == ["tail", "name", "flags"])
    }

    @Test func decodesRandomInvoicesLikeJSONDecoder() throws {
        var generator = SeededGenerator(seed: 0x51A7)
        let encoder = JSONEncoder()
        for _ in 0..<200 {
            let invoice = Invoice.random(using: &generator)
            let text = String(decoding: try encoder.encode(invoice), as: UTF8.self)
            let (viaText, viaValue) = try decodeBoth(Invoice.self, text)
            #expect(viaValue == viaText)
            #expect(viaValue == invoice)
        }
    }
}

/// A small deterministic generator (SplitMix64) for the random round trips.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

extension Invoice {
    fileprivate static func random(using generator: inout SeededGenerator) -> Invoice {
        func text() -> String {
            let pieces = ["a", "Zürich", "\"quoted\"", "tab\t", "😀", "", "line\nbreak", "\\", "東京", "e\u{301}"]
            return (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                pieces.randomElement(using: &generator) ?? ""
            }.joined()
        }
        func number() -> Double {
            switch Int.random(in: 0...3, using: &generator) {
            case 0: return Double(Int.random(in: -1_000...1_000, using: &generator))
            case 1: return Double(Int.random(in: 0...99_999, using: &generator)) / 100
            case 2: return Double.random(in: -1e9...1e9, using: &generator)
            default: return Double.random(in: 0...1, using: &generator) * 1e-10
            }
        }
        func address() -> Address {
            Address(
                street: text(), city: text(), region: Bool.random(using: &generator) ? text() : nil,
                postalCode: text())
        }
        return Invoice(
            number: text(), billTo: address(), shipTo: Bool.random(using: &generator) ? address() : nil,
            items: (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                LineItem(
                    description: text(), quantity: Int.random(in: Int.min...Int.max, using: &generator),
                    unitPrice: number(),
                    tags: Bool.random(using: &generator) ? (0..<2).map { _ in text() } : nil)
            },
            totals: Dictionary(uniqueKeysWithValues: (0..<3).map { ("k\($0)", number()) }),
            paid: Bool.random(using: &generator),
            notes: (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                Bool.random(using: &generator) ? text() : nil
            })
    }
}
