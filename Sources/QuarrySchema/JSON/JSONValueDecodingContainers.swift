/// The keyed, unkeyed and single-value containers of ``JSONValueDecoder``.
///
/// Scalars are read straight from the ``JSONValue``; only nested `Decodable` values get a
/// decoder of their own. Errors build the coding path when they are thrown, never before.

/// A JSON object seen through `Key`. The object lives in the decoder, so copying the container
/// (which the standard library's type-erasing box does on every call) costs one retain.
struct ValueKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: ValueDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] { decoder.object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { decoder.object.position(of: key.stringValue) != nil }

    /// The member for `key`; `keyNotFound` when there is none.
    @inline(__always)
    private func value(for key: Key) throws -> JSONValue {
        guard let position = decoder.position(of: key.stringValue) else {
            throw DecodingError.keyNotFound(
                key,
                DecodingError.Context(
                    codingPath: codingPath,
                    debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return decoder.object.values[position]
    }

    /// The member for `key`, or `nil` when it is absent or `null`.
    @inline(__always)
    private func presentValue(for key: Key) -> JSONValue? {
        guard let position = decoder.position(of: key.stringValue) else { return nil }
        let value = decoder.object.values[position]
        if case .null = value { return nil }
        return value
    }

    private func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try value(for: key) { return true }
        return false
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try decoder.bool(value(for: key), path: { path(key) })
    }

    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try decoder.string(value(for: key), path: { path(key) })
    }

    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try decoder.floatingPoint(value(for: key), as: type, path: { path(key) })
    }

    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try decoder.floatingPoint(value(for: key), as: type, path: { path(key) })
    }

    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        try decoder.int(value(for: key), path: { path(key) })
    }

    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(type, key) }

    private func integer<T: FixedWidthInteger>(_ type: T.Type, _ key: Key) throws -> T {
        try decoder.integer(value(for: key), as: type, path: { path(key) })
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.decode(value(for: key), as: type, key: key)
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        guard let value = presentValue(for: key) else { return nil }
        return try decoder.bool(value, path: { path(key) })
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let value = presentValue(for: key) else { return nil }
        return try decoder.string(value, path: { path(key) })
    }

    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        guard let value = presentValue(for: key) else { return nil }
        return try decoder.floatingPoint(value, as: type, path: { path(key) })
    }

    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        guard let value = presentValue(for: key) else { return nil }
        return try decoder.floatingPoint(value, as: type, path: { path(key) })
    }

    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        guard let value = presentValue(for: key) else { return nil }
        return try decoder.int(value, path: { path(key) })
    }

    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try integerIfPresent(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try integerIfPresent(type, key) }

    private func integerIfPresent<T: FixedWidthInteger>(_ type: T.Type, _ key: Key) throws -> T? {
        guard let value = presentValue(for: key) else { return nil }
        return try decoder.integer(value, as: type, path: { path(key) })
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = presentValue(for: key) else { return nil }
        return try decoder.decode(value, as: type, key: key)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try decoder.child(value(for: key), key: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.child(value(for: key), key: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        let key = JSONSuperKey()
        return decoder.child(decoder.object[key.stringValue] ?? .null, key: key)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        decoder.child(decoder.object[key.stringValue] ?? .null, key: key)
    }
}

/// A JSON array read element by element.
struct ValueUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: ValueDecoder
    let elements: [JSONValue]
    private(set) var currentIndex = 0

    init(decoder: ValueDecoder, elements: [JSONValue]) {
        self.decoder = decoder
        self.elements = elements
    }

    var codingPath: [any CodingKey] { decoder.codingPath }

    var count: Int? { elements.count }

    var isAtEnd: Bool { currentIndex >= elements.count }

    /// The path of the current element.
    private var elementPath: [any CodingKey] { codingPath + [JSONIndexKey(currentIndex)] }

    /// The current element; `valueNotFound` at the end. The index moves on only when the
    /// element decodes, as in `JSONDecoder`.
    @inline(__always)
    private func next(_ type: Any.Type, message: String = "Unkeyed container is at end.") throws -> JSONValue {
        guard currentIndex < elements.count else {
            throw DecodingError.valueNotFound(
                type, DecodingError.Context(codingPath: elementPath, debugDescription: message))
        }
        return elements[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        if case .null = try next(Never.self) {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool {
        let result = try decoder.bool(next(type), path: { elementPath })
        currentIndex += 1
        return result
    }

    mutating func decode(_ type: String.Type) throws -> String {
        let result = try decoder.string(next(type), path: { elementPath })
        currentIndex += 1
        return result
    }

    mutating func decode(_ type: Double.Type) throws -> Double {
        let result = try decoder.floatingPoint(next(type), as: type, path: { elementPath })
        currentIndex += 1
        return result
    }

    mutating func decode(_ type: Float.Type) throws -> Float {
        let result = try decoder.floatingPoint(next(type), as: type, path: { elementPath })
        currentIndex += 1
        return result
    }

    mutating func decode(_ type: Int.Type) throws -> Int {
        let result = try decoder.int(next(type), path: { elementPath })
        currentIndex += 1
        return result
    }

    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    private mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let result = try decoder.integer(next(type), as: type, path: { elementPath })
        currentIndex += 1
        return result
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let result = try decoder.decode(next(type), as: type, key: JSONIndexKey(currentIndex))
        currentIndex += 1
        return result
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let value = try next(
            KeyedDecodingContainer<NestedKey>.self,
            message: "Cannot get nested keyed container -- unkeyed container is at end.")
        let container = try decoder.child(value, key: JSONIndexKey(currentIndex)).container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let value = try next(
            (any UnkeyedDecodingContainer).self,
            message: "Cannot get nested unkeyed container -- unkeyed container is at end.")
        let container = try decoder.child(value, key: JSONIndexKey(currentIndex)).unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let value = try next((any Decoder).self, message: "Cannot get superDecoder() -- unkeyed container is at end.")
        let superDecoder = decoder.child(value, key: JSONIndexKey(currentIndex))
        currentIndex += 1
        return superDecoder
    }
}

/// A single value: the decoder's own.
struct ValueSingleContainer: SingleValueDecodingContainer {
    let decoder: ValueDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }

    private var value: JSONValue { decoder.value }

    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool { try decoder.bool(value, path: { codingPath }) }

    func decode(_ type: String.Type) throws -> String { try decoder.string(value, path: { codingPath }) }

    func decode(_ type: Double.Type) throws -> Double {
        try decoder.floatingPoint(value, as: type, path: { codingPath })
    }

    func decode(_ type: Float.Type) throws -> Float {
        try decoder.floatingPoint(value, as: type, path: { codingPath })
    }

    func decode(_ type: Int.Type) throws -> Int { try decoder.int(value, path: { codingPath }) }

    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        try decoder.integer(value, as: type, path: { codingPath })
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.decodeSpecial(value, as: type, path: { codingPath })
    }
}
