/// A JSON object: string keys mapped to values, in the order the keys first appeared.
///
/// Lookups are linear for small objects and hashed for large ones. When a key is set twice
/// (including a duplicate key in parsed text) the last value wins and the key keeps its first
/// position, as JavaScript's `JSON.parse` does.
public struct JSONObject: Sendable {
    /// The keys, in order.
    public private(set) var keys: [String]
    /// The values, in the same order as ``keys``.
    public private(set) var values: [JSONValue]
    private var index: [JSONKey: Int]?

    /// Objects with more members than this get a hash index.
    private static let indexThreshold = 32

    /// Creates an empty object.
    public init() {
        keys = []
        values = []
        index = nil
    }

    /// Creates an object from key-value pairs; a repeated key keeps its first position and
    /// takes its last value.
    public init(_ pairs: some Sequence<(String, JSONValue)>) {
        self.init()
        keys.reserveCapacity(pairs.underestimatedCount)
        values.reserveCapacity(pairs.underestimatedCount)
        for (key, value) in pairs { self[key] = value }
    }

    /// Creates an object from keys known to be distinct and their values (the parser checks).
    init(uniqueKeys keys: [String], values: [JSONValue]) {
        self.keys = keys
        self.values = values
        index = nil
        if keys.count > Self.indexThreshold { rebuildIndex() }
    }

    /// The number of members.
    public var count: Int { keys.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { keys.isEmpty }

    /// The position of `key` among ``keys``, if present.
    @inline(__always)
    public func position(of key: String) -> Int? {
        if let index { return index[JSONKey(key)] }
        for position in keys.indices where keys[position].hasSameCodePoints(as: key) { return position }
        return nil
    }

    /// The position of `key`, searching from `hint` onwards first and then from the start:
    /// when callers look keys up in the order they usually appear (a schema's property order),
    /// each lookup succeeds on its first comparison.
    @inline(__always)
    func position(of key: String, from hint: Int) -> Int? {
        if index != nil { return position(of: key) }
        let count = keys.count
        var position = hint < count ? hint : 0
        for _ in 0..<count {
            if keys[position].hasSameCodePoints(as: key) { return position }
            position += 1
            if position == count { position = 0 }
        }
        return nil
    }

    /// The value for `key`, or `nil` when absent. Setting `nil` removes the member.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let position = position(of: key) else { return nil }
            return values[position]
        }
        set {
            if let position = position(of: key) {
                if let newValue {
                    values[position] = newValue
                } else {
                    keys.remove(at: position)
                    values.remove(at: position)
                    rebuildIndex()
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
                if index != nil {
                    index?[JSONKey(key)] = keys.count - 1
                } else if keys.count > Self.indexThreshold {
                    rebuildIndex()
                }
            }
        }
    }

    /// Whether the object has a member named `key`.
    public func contains(key: String) -> Bool { position(of: key) != nil }

    /// Appends a member known not to be present yet; used by the parser's fast path.
    mutating func appendAssumingNew(_ key: String, _ value: JSONValue) {
        if position(of: key) != nil {
            self[key] = value
            return
        }
        keys.append(key)
        values.append(value)
        if index != nil {
            index?[JSONKey(key)] = keys.count - 1
        } else if keys.count > Self.indexThreshold {
            rebuildIndex()
        }
    }

    private mutating func rebuildIndex() {
        guard keys.count > Self.indexThreshold else {
            index = nil
            return
        }
        var newIndex = [JSONKey: Int](minimumCapacity: keys.count)
        for (position, key) in keys.enumerated() { newIndex[JSONKey(key)] = position }
        index = newIndex
    }
}

extension JSONObject: Sequence {
    /// Iterates an object's members in order.
    public struct Iterator: IteratorProtocol {
        private let object: JSONObject
        private var position = 0

        init(_ object: JSONObject) { self.object = object }

        /// The next `(key, value)` member, or `nil` at the end.
        public mutating func next() -> (key: String, value: JSONValue)? {
            guard position < object.keys.count else { return nil }
            defer { position += 1 }
            return (object.keys[position], object.values[position])
        }
    }

    /// Iterates the members in order as `(key, value)` pairs.
    public func makeIterator() -> Iterator { Iterator(self) }

    /// The number of members.
    public var underestimatedCount: Int { keys.count }
}

extension JSONObject: Hashable {
    /// Objects are equal when they have the same keys with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for position in lhs.keys.indices {
            guard let other = rhs[lhs.keys[position]], other == lhs.values[position] else { return false }
        }
        return true
    }

    /// Hashes the members without regard to order.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for position in keys.indices {
            var member = Hasher()
            keys[position].hashCodePoints(into: &member)
            member.combine(values[position])
            combined = combined &+ member.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Creates an object whose keys keep the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}
