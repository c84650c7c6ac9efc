import Foundation

/// Decodes `Decodable` values straight from a ``JSONValue``, with no JSON text in between.
///
/// ```swift
/// let value = try JSONValue(parsing: reply)
/// let invoice = try JSONValueDecoder().decode(Invoice.self, from: value)
/// ```
///
/// It decodes as Foundation's `JSONDecoder` does with its default strategies, so a `Codable`
/// type decodes the same from a value as from the value's text:
///
/// - Keys are used as written (`CodingKeys` raw values, no key conversion) and matched by code
///   points. An absent key fails `decode(_:forKey:)` with `keyNotFound`; `decodeIfPresent`
///   gives `nil` for an absent key or `null`.
/// - `null` where a value is needed is `valueNotFound`; a value of the wrong JSON type is
///   `typeMismatch`.
/// - Integers take whole numbers only (`1.0` and `1e2` are whole) within the type's range;
///   anything else is `dataCorrupted` at the value's coding path. `Float` and `Double` take
///   the nearest value and reject numbers that overflow to infinity or underflow to zero.
/// - `Decimal` is built from the number's exact digits; `Data` from a Base64 string; `URL` from
///   a string; `Date` decodes itself (seconds since 2001, `JSONDecoder`'s `.deferredToDate`).
/// - A ``JSONValue`` property receives the value itself, unchanged.
///
/// Every error is a `DecodingError` whose `codingPath` leads to the value at fault. One
/// difference from decoding text: ``JSONNumber`` has no negative zero, so `-0.0` decodes as
/// `0.0`.
public struct JSONValueDecoder: Sendable {
    /// Values passed to the types being decoded as `Decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable]

    /// Creates a decoder.
    public init(userInfo: [CodingUserInfoKey: any Sendable] = [:]) {
        self.userInfo = userInfo
    }

    /// Decodes a value of `type` from `value`.
    ///
    /// - Throws: `DecodingError` when `value` does not have the shape `type` expects.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        let decoder = ValueDecoder(
            value: value, parent: nil, key: nil, userInfo: userInfo.isEmpty ? [:] : userInfo.mapValues { $0 })
        return try decoder.decodeSpecial(value, as: T.self, path: { [] })
    }
}

/// The `Decoder` behind ``JSONValueDecoder``: one value and where it sits.
///
/// The coding path is not stored as an array: each decoder knows its parent and its own key,
/// and the path is built only when asked for (errors, or a type that reads `codingPath`).
/// `userInfo` is kept by the root only. An object's members are held directly, so that a
/// keyed container is just this decoder (one reference to copy).
final class ValueDecoder: Decoder {
    /// The value, unless it is an object (then `.null`, and the object is in ``object``).
    private let scalar: JSONValue
    /// The object, when the value is one; empty otherwise.
    let object: JSONObject
    let isObject: Bool
    let parent: ValueDecoder?
    let key: (any CodingKey)?
    private let rootUserInfo: [CodingUserInfoKey: Any]
    /// Where the next key lookup in ``object`` starts: just after the last key found, since
    /// `Codable` types usually ask for keys in the order the object has them.
    var keyHint = 0

    init(value: JSONValue, parent: ValueDecoder?, key: (any CodingKey)?, userInfo: [CodingUserInfoKey: Any] = [:]) {
        if case .object(let object) = value {
            scalar = .null
            self.object = object
            isObject = true
        } else {
            scalar = value
            object = JSONObject()
            isObject = false
        }
        self.parent = parent
        self.key = key
        rootUserInfo = userInfo
    }

    /// The value decoded.
    var value: JSONValue { isObject ? .object(object) : scalar }

    var userInfo: [CodingUserInfoKey: Any] {
        var node = self
        while let parent = node.parent { node = parent }
        return node.rootUserInfo
    }

    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var node: ValueDecoder? = self
        while let current = node {
            if let key = current.key { path.append(key) }
            node = current.parent
        }
        path.reverse()
        return path
    }

    /// A decoder for `value`, a member or element of this decoder's value at `key`.
    func child(_ value: JSONValue, key: any CodingKey) -> ValueDecoder {
        ValueDecoder(value: value, parent: self, key: key)
    }

    /// The position of the member named `name`, searching from ``keyHint``.
    @inline(__always)
    func position(of name: String) -> Int? {
        guard let position = object.position(of: name, from: keyHint) else { return nil }
        keyHint = position + 1
        return position
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard isObject else {
            if case .null = scalar {
                throw DecodingError.valueNotFound(
                    [String: Any].self,
                    DecodingError.Context(
                        codingPath: codingPath,
                        debugDescription: "Cannot get keyed decoding container -- found null value instead"))
            }
            throw Self.mismatch([String: Any].self, scalar, path: codingPath)
        }
        return KeyedDecodingContainer(ValueKeyedContainer<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            if case .null = value {
                throw DecodingError.valueNotFound(
                    [Any].self,
                    DecodingError.Context(
                        codingPath: codingPath,
                        debugDescription: "Cannot get unkeyed decoding container -- found null value instead"))
            }
            throw Self.mismatch([Any].self, value, path: codingPath)
        }
        return ValueUnkeyedContainer(decoder: self, elements: elements)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        ValueSingleContainer(decoder: self)
    }

    // MARK: Values

    /// Decodes `value`, which sits at `key` below this decoder: the Foundation types
    /// `JSONDecoder` treats specially and the JSON scalars directly, anything else through
    /// its own `init(from:)` with a child decoder.
    @inline(__always)
    func decode<T: Decodable>(_ value: JSONValue, as type: T.Type, key: some CodingKey) throws -> T {
        if Self.isSpecial(type) { return try decodeSpecial(value, as: type, path: { codingPath + [key] }) }
        return try T(from: child(value, key: key))
    }

    /// Whether `T` is decoded without its own `init(from:)`: the JSON scalars, ``JSONValue``,
    /// and the Foundation types `JSONDecoder` reads from strings and numbers.
    @inline(__always)
    static func isSpecial<T>(_ type: T.Type) -> Bool {
        T.self == String.self || T.self == Int.self || T.self == Double.self || T.self == Bool.self
            || T.self == JSONValue.self || T.self == Decimal.self || T.self == Data.self || T.self == URL.self
    }

    /// Decodes a type for which ``isSpecial(_:)`` holds.
    func decodeSpecial<T: Decodable>(_ value: JSONValue, as type: T.Type, path: () -> [any CodingKey]) throws -> T {
        // Each cast is from a type to itself (checked just before), so it cannot fail.
        if T.self == String.self { return unsafeBitCast(try string(value, path: path), to: T.self) }
        if T.self == Int.self { return unsafeBitCast(try int(value, path: path), to: T.self) }
        if T.self == Double.self {
            return unsafeBitCast(try floatingPoint(value, as: Double.self, path: path), to: T.self)
        }
        if T.self == Bool.self { return unsafeBitCast(try bool(value, path: path), to: T.self) }
        if T.self == JSONValue.self { return unsafeBitCast(value, to: T.self) }
        if T.self == Decimal.self { return unsafeBitCast(try decimal(value, path: path), to: T.self) }
        if T.self == Data.self { return unsafeBitCast(try data(value, path: path), to: T.self) }
        if T.self == URL.self { return unsafeBitCast(try url(value, path: path), to: T.self) }
        return try T(from: self)
    }

    func string(_ value: JSONValue, path: () -> [any CodingKey]) throws -> String {
        guard case .string(let string) = value else { throw Self.failure(String.self, value, path: path()) }
        return string
    }

    func bool(_ value: JSONValue, path: () -> [any CodingKey]) throws -> Bool {
        // `null` is a type mismatch here, not a missing value: `JSONDecoder` says so for `Bool`.
        guard case .bool(let bool) = value else { throw Self.mismatch(Bool.self, value, path: path()) }
        return bool
    }

    func int(_ value: JSONValue, path: () -> [any CodingKey]) throws -> Int {
        if case .number(let number) = value, case .integer(let integer) = number.storage,
            let result = Int(exactly: integer)
        {
            return result
        }
        return try self.integer(value, as: Int.self, path: path)
    }

    func integer<T: FixedWidthInteger>(_ value: JSONValue, as type: T.Type, path: () -> [any CodingKey]) throws -> T {
        guard case .number(let number) = value else { throw Self.failure(T.self, value, path: path()) }
        guard let integer = number.exactInteger(as: T.self) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: path(), debugDescription: "Parsed JSON number <\(number)> does not fit in \(T.self)."))
        }
        return integer
    }

    func floatingPoint<T: BinaryFloatingPoint & LosslessStringConvertible>(
        _ value: JSONValue, as type: T.Type, path: () -> [any CodingKey]
    ) throws -> T {
        guard case .number(let number) = value else { throw Self.failure(T.self, value, path: path()) }
        guard let result = number.nearest(T.self), result.isFinite, !result.isZero || number.isZero else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: path(), debugDescription: "Parsed JSON number <\(number)> does not fit in \(T.self)."))
        }
        return result
    }

    func decimal(_ value: JSONValue, path: () -> [any CodingKey]) throws -> Decimal {
        guard case .number(let number) = value else { throw Self.failure(Decimal.self, value, path: path()) }
        guard let decimal = number.decimalValue else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: path(), debugDescription: "Parsed JSON number <\(number)> does not fit in Decimal."))
        }
        return decimal
    }

    func data(_ value: JSONValue, path: () -> [any CodingKey]) throws -> Data {
        guard case .string(let string) = value else { throw Self.failure(Data.self, value, path: path()) }
        guard let data = Data(base64Encoded: string) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: path(), debugDescription: "Encountered Data is not valid Base64."))
        }
        return data
    }

    func url(_ value: JSONValue, path: () -> [any CodingKey]) throws -> URL {
        guard case .string(let string) = value else { throw Self.failure(URL.self, value, path: path()) }
        guard let url = URL(string: string) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: path(), debugDescription: "Invalid URL string."))
        }
        return url
    }

    // MARK: Errors

    /// `valueNotFound` for `null`, `typeMismatch` for any other value.
    static func failure(_ type: Any.Type, _ value: JSONValue, path: [any CodingKey]) -> DecodingError {
        if case .null = value {
            return DecodingError.valueNotFound(
                type,
                DecodingError.Context(
                    codingPath: path, debugDescription: "Cannot get value of type \(type) -- found null value instead"))
        }
        return mismatch(type, value, path: path)
    }

    static func mismatch(_ type: Any.Type, _ value: JSONValue, path: [any CodingKey]) -> DecodingError {
        let found: String
        switch value {
        case .null: found = "null"
        case .bool: found = "bool"
        case .number: found = "number"
        case .string: found = "a string"
        case .array: found = "an array"
        case .object: found = "a dictionary"
        }
        return DecodingError.typeMismatch(
            type,
            DecodingError.Context(
                codingPath: path, debugDescription: "Expected to decode \(type) but found \(found) instead."))
    }
}

/// The coding key of an array element in a coding path: `Index 3`, int value 3 (as
/// `JSONDecoder` writes it).
struct JSONIndexKey: CodingKey {
    let index: Int

    init(_ index: Int) { self.index = index }

    init?(stringValue: String) { nil }

    init?(intValue: Int) { index = intValue }

    var stringValue: String { "Index \(index)" }

    var intValue: Int? { index }
}

/// The coding key `super`, for `superDecoder()`.
struct JSONSuperKey: CodingKey {
    init() {}

    init?(stringValue: String) {
        guard stringValue == "super" else { return nil }
    }

    init?(intValue: Int) { nil }

    var stringValue: String { "super" }

    var intValue: Int? { nil }
}

extension JSONNumber {
    /// The number as `T` when it is a whole number in `T`'s range.
    func exactInteger<T: FixedWidthInteger>(as type: T.Type) -> T? {
        switch storage {
        case .integer(let value):
            return T(exactly: value)
        case .decimal:
            return nil  // Never whole: the significand is not a multiple of ten.
        case .big(let big):
            guard big.exponent >= 0, !big.isNegative || T.isSigned else { return nil }
            var result: T = 0
            for digit in big.digits {
                let (times, overflow) = result.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) =
                    big.isNegative
                    ? times.subtractingReportingOverflow(T(digit)) : times.addingReportingOverflow(T(digit))
                if overflow || overflow2 { return nil }
                result = sum
            }
            for _ in 0..<big.exponent {
                let (times, overflow) = result.multipliedReportingOverflow(by: 10)
                if overflow { return nil }
                result = times
            }
            return result
        }
    }

    /// Powers of ten a `Double` holds exactly.
    private static let exactDoublePowersOfTen: [Double] = (0...22).map { power in
        var value = 1.0
        for _ in 0..<power { value *= 10 }
        return value
    }

    /// The `T` nearest to the number (infinite when it overflows, zero when it underflows).
    func nearest<T: BinaryFloatingPoint & LosslessStringConvertible>(_ type: T.Type) -> T? {
        switch storage {
        case .integer(let value):
            return T(value)
        case .decimal(let significand, let exponent):
            // Both operands exact, so the one rounding of the division gives the nearest value.
            let exactSignificand: Int64 = T.significandBitCount >= 52 ? 1 << 53 : 1 << 24
            let exactPower = T.significandBitCount >= 52 ? 22 : 10
            if significand.magnitude <= exactSignificand, -exponent <= exactPower {
                return T(significand) / T(Self.exactDoublePowersOfTen[-exponent])
            }
            return T(description)
        case .big:
            return T(description)
        }
    }

    /// The number as a `Decimal`, or `nil` beyond `Decimal`'s exponent range.
    var decimalValue: Decimal? {
        switch storage {
        case .integer(let value):
            return Decimal(value)
        case .decimal(let significand, let exponent) where exponent >= -128:
            return Decimal(
                sign: significand < 0 ? .minus : .plus, exponent: exponent, significand: Decimal(significand.magnitude))
        default:
            return Decimal(string: description, locale: Locale(identifier: "en_US_POSIX"))
        }
    }
}
