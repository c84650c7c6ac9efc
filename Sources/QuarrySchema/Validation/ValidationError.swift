/// One way an instance fails its schema, in the JSON Schema *basic* output format.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where in the instance the failing value is.
    public var instanceLocation: JSONPointer
    /// The path of keywords evaluated to reach the failing keyword, through any `$ref`s.
    public var keywordLocation: JSONPointer
    /// The failing keyword's absolute location: its schema resource's URI and a pointer
    /// fragment, independent of how evaluation got there.
    public var absoluteKeywordLocation: String
    /// The failing keyword (`minimum`, `required`, ...), or `false` for a `false` schema.
    public var keyword: String
    /// A one-line sentence a person or a model can act on.
    public var message: String

    /// Creates an error.
    public init(
        instanceLocation: JSONPointer, keywordLocation: JSONPointer, absoluteKeywordLocation: String,
        keyword: String, message: String
    ) {
        self.instanceLocation = instanceLocation
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.keyword = keyword
        self.message = message
    }

    /// The instance pointer as displayed: `(root)` for the whole document.
    public var displayedInstanceLocation: String {
        instanceLocation.tokens.isEmpty ? "(root)" : instanceLocation.description
    }

    /// `/items/2/price: -4 is less than the minimum of 0`.
    public var description: String {
        "\(displayedInstanceLocation): \(message)"
    }

    /// This error as a *basic* output unit: `keywordLocation`, `absoluteKeywordLocation`,
    /// `instanceLocation` and `error`.
    public var basicOutputUnit: JSONValue {
        [
            "keywordLocation": .string(keywordLocation.description),
            "absoluteKeywordLocation": .string(absoluteKeywordLocation),
            "instanceLocation": .string(instanceLocation.description),
            "error": .string(message),
        ]
    }
}
