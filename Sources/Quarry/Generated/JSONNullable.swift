/// A value that is present in JSON as either an explicit `null` or a value.
///
/// Generated code uses `JSONNullable<T>?` for a property that is not required *and* allows
/// `null`, so the three states the schema tells apart stay apart: absent (`nil`), explicit
/// `null` (`.null`) and a value (`.value(x)`). Encoding writes back exactly what was decoded.
public enum JSONNullable<Wrapped> {
    /// The property was present with the value `null`.
    case null
    /// The property was present with a value.
    case value(Wrapped)

    /// The wrapped value, or `nil` for an explicit `null`.
    public var wrapped: Wrapped? {
        if case .value(let value) = self { return value }
        return nil
    }

    /// `.value(x)` for `x`, `.null` for `nil`.
    public init(_ optional: Wrapped?) {
        if let optional { self = .value(optional) } else { self = .null }
    }
}

extension JSONNullable: Sendable where Wrapped: Sendable {}
extension JSONNullable: Equatable where Wrapped: Equatable {}
extension JSONNullable: Hashable where Wrapped: Hashable {}

extension JSONNullable: Codable where Wrapped: Codable {
    /// Decodes `null` as ``null`` and anything else as a wrapped value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else {
            self = .value(try container.decode(Wrapped.self))
        }
    }

    /// Encodes ``null`` as `null` and a value as itself.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .value(let value): try container.encode(value)
        }
    }
}
