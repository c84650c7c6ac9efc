#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// JSON compares strings by code points, not by Unicode canonical equivalence as Swift's
/// `String ==` does (`"e\u{301}"` and `"é"` are different JSON strings). These helpers give
/// the JSON meaning.
extension String {
    /// Whether the two strings have the same UTF-8 bytes (hence the same code points).
    @inline(__always)
    func hasSameCodePoints(as other: String) -> Bool {
        let count = utf8.count
        guard count == other.utf8.count else { return false }
        if count == 0 { return true }
        if let result = utf8.withContiguousStorageIfAvailable({ left in
            other.utf8.withContiguousStorageIfAvailable { right in
                guard let leftBase = left.baseAddress, let rightBase = right.baseAddress else { return false }
                return memcmp(leftBase, rightBase, count) == 0
            }
        }), let result {
            return result
        }
        return utf8.elementsEqual(other.utf8)
    }

    /// Hashes the UTF-8 bytes.
    @inline(__always)
    func hashCodePoints(into hasher: inout Hasher) {
        hasher.combine(utf8.count)
        if utf8.withContiguousStorageIfAvailable({ hasher.combine(bytes: UnsafeRawBufferPointer($0)) }) == nil {
            for byte in utf8 { hasher.combine(byte) }
        }
    }
}

/// A string key hashed and compared by code points, for dictionaries keyed by JSON strings.
struct JSONKey: Hashable, Sendable {
    let string: String

    init(_ string: String) { self.string = string }

    static func == (lhs: JSONKey, rhs: JSONKey) -> Bool { lhs.string.hasSameCodePoints(as: rhs.string) }

    func hash(into hasher: inout Hasher) { string.hashCodePoints(into: &hasher) }
}

extension JSONValue {
    /// JSON equality: numbers by value, strings by code points, arrays in order, objects
    /// without regard to key order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let left), .bool(let right)): return left == right
        case (.number(let left), .number(let right)): return left == right
        case (.string(let left), .string(let right)): return left.hasSameCodePoints(as: right)
        case (.array(let left), .array(let right)): return left == right
        case (.object(let left), .object(let right)): return left == right
        default: return false
        }
    }

    /// Hashes consistently with ``==(_:_:)``.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let bool):
            hasher.combine(1)
            hasher.combine(bool)
        case .number(let number):
            hasher.combine(2)
            hasher.combine(number)
        case .string(let string):
            hasher.combine(3)
            string.hashCodePoints(into: &hasher)
        case .array(let elements):
            hasher.combine(4)
            hasher.combine(elements)
        case .object(let object):
            hasher.combine(5)
            hasher.combine(object)
        }
    }
}
