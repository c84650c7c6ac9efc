import QuarrySchema

/// Reads a reply that was cut off at the output-token limit: the text up to its last complete
/// value, with the open arrays and objects closed.
///
/// A small model that loops fills its token limit and never closes its JSON; the fields it
/// wrote before the loop are still worth scoring (the case counts as invalid all the same).
/// `{"a": 1, "b": [{"c": 2}, {"c": 3, "d": "unfinish` reads as `{"a": 1, "b": [{"c": 2}, {"c": 3}]}`.
public enum TruncatedJSON {
    /// The value in `text` closed at its last complete member or element, or `nil` when the text
    /// holds no truncated JSON object or array (complete JSON is not this reader's job).
    public static func close(_ text: String) -> JSONValue? {
        let bytes = Array(text.utf8)
        guard let start = bytes.firstIndex(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") }) else {
            return nil
        }
        var stack: [UInt8] = []
        var inString = false
        var escaped = false
        // The last place the text can be cut with everything before it complete, and the
        // brackets open there.
        var cut: (end: Int, open: [UInt8])?
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                stack.append(byte)
                cut = (index + 1, stack)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard !stack.isEmpty else { return nil }
                stack.removeLast()
                if stack.isEmpty { return nil }  // The value is complete: not truncated.
                cut = (index + 1, stack)
            case UInt8(ascii: ","):
                cut = (index, stack)
            default:
                break
            }
            index += 1
        }
        guard let cut else { return nil }
        var closed = Array(bytes[start..<cut.end])
        // A cut right after a key's colon cannot happen (cuts are at brackets and commas), but a
        // dangling comma before the closers can: `[1,` is cut before the comma already.
        for bracket in cut.open.reversed() {
            closed.append(bracket == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
        return try? JSONValue(parsing: closed)
    }
}
