/// Finds where a JSON pointer's value starts in JSON text, for diagnostics that name a line
/// and column.
public enum JSONSourceLocator {
    /// The line and column where the value at `pointer` starts in `text`, or where the
    /// deepest existing parent starts when the pointer goes further than the document.
    public static func location(of pointer: JSONPointer, in text: String) -> TextLocation? {
        var text = text
        return text.withUTF8 { bytes in
            var reader = JSONReader(bytes: bytes, maxDepth: Int.max)
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { reader.position = 3 }
            reader.skipWhitespace()
            var start = reader.position
            for token in pointer.tokens {
                guard reader.position < bytes.count else { break }
                guard let next = try? reader.seek(token) else { break }
                start = next
            }
            return TextLocation(byteOffset: start, in: bytes)
        }
    }
}

extension JSONReader {
    /// Moves from the start of an object or array to the start of the member or element named
    /// by `token`; returns its offset, or `nil` when there is none.
    mutating func seek(_ token: String) throws(JSONParseError) -> Int? {
        skipWhitespace()
        guard position < bytes.count else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            position += 1
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") { return nil }
            while position < bytes.count {
                skipWhitespace()
                let key = try parseString()
                skipWhitespace()
                position += 1  // ':'
                skipWhitespace()
                if key == token { return position }
                _ = try parseValue()
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ",") else { return nil }
                position += 1
            }
            return nil
        case UInt8(ascii: "["):
            guard let index = JSONPointer.arrayIndex(token) else { return nil }
            position += 1
            var current = 0
            while position < bytes.count {
                skipWhitespace()
                if bytes[position] == UInt8(ascii: "]") { return nil }
                if current == index { return position }
                _ = try parseValue()
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ",") else { return nil }
                position += 1
                current += 1
            }
            return nil
        default:
            return nil
        }
    }
}
