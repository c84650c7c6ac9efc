/// An error thrown when an ECMAScript regular-expression pattern is malformed.
///
/// `offset` is measured in Unicode scalars from the start of `pattern` and points
/// at (or just after) the construct that made the pattern invalid.
public struct RegexSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The pattern source that failed to parse.
    public let pattern: String
    /// The position of the problem, in Unicode scalars from the start of `pattern`.
    public let offset: Int
    /// A human-readable description of the problem.
    public let message: String

    /// Creates a syntax error for `pattern` at `offset` with `message`.
    public init(pattern: String, offset: Int, message: String) {
        self.pattern = pattern
        self.offset = offset
        self.message = message
    }

    /// A description such as `invalid regular expression /a**/ at offset 2: nothing to repeat`.
    public var description: String {
        "invalid regular expression /\(pattern)/ at offset \(offset): \(message)"
    }
}
