/// Why JSON text could not be parsed, and where.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// The text ended before the value was complete.
        case unexpectedEnd
        /// A byte that cannot start or continue a value here.
        case unexpectedCharacter
        /// Bytes that are not valid UTF-8.
        case invalidUTF8
        /// A malformed escape sequence in a string.
        case invalidEscape
        /// A control character (below U+0020) not escaped inside a string.
        case unescapedControlCharacter
        /// A malformed number.
        case invalidNumber
        /// Arrays and objects nested deeper than the parser's limit.
        case tooDeep
        /// Non-whitespace text after the value.
        case trailingCharacters
    }

    /// What went wrong.
    public let kind: Kind
    /// A sentence describing the problem.
    public let message: String
    /// The zero-based byte offset of the problem.
    public let byteOffset: Int
    /// The one-based line of the problem.
    public let line: Int
    /// The one-based column of the problem, counted in Unicode scalars.
    public let column: Int

    /// Creates an error.
    public init(kind: Kind, message: String, byteOffset: Int, line: Int, column: Int) {
        self.kind = kind
        self.message = message
        self.byteOffset = byteOffset
        self.line = line
        self.column = column
    }

    /// `line:column: message`.
    public var description: String { "\(line):\(column): \(message)" }
}

/// A line and column in a text, both one-based; columns count Unicode scalars.
public struct TextLocation: Sendable, Hashable, CustomStringConvertible {
    /// The one-based line.
    public var line: Int
    /// The one-based column, in Unicode scalars.
    public var column: Int
    /// The zero-based byte offset.
    public var byteOffset: Int

    /// Creates a location.
    public init(line: Int, column: Int, byteOffset: Int) {
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
    }

    /// Computes the line and column of `byteOffset` in UTF-8 `bytes`.
    public init(byteOffset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        var line = 1
        var column = 1
        let end = min(byteOffset, bytes.count)
        var position = 0
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            position += 1
        }
        self.init(line: line, column: column, byteOffset: byteOffset)
    }

    /// `line:column`.
    public var description: String { "\(line):\(column)" }
}
