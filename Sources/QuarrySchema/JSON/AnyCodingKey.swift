/// A coding key made from any string or index: the keys of a JSON object whose names are not
/// known at compile time (open objects, dictionaries, additional properties).
public struct AnyCodingKey: CodingKey, Hashable, Sendable {
    /// The key's name.
    public let stringValue: String
    /// The key's index, for unkeyed positions.
    public let intValue: Int?

    /// A key with the given name.
    public init(_ name: String) {
        stringValue = name
        intValue = nil
    }

    /// A key with the given name.
    public init?(stringValue: String) { self.init(stringValue) }

    /// A key for a position.
    public init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}
