import QuarrySchema

/// Finds the string value a cut-off JSON reply was in the middle of writing: its pointer and
/// how many bytes of it were written. Used after a reply was stopped looping inside a string
/// (`"john.john.john…"`), to cap that string's length in the next request.
enum OpenStringLocator {
    private enum Frame {
        case object(key: String?, expectingKey: Bool)
        case array(index: Int)
    }

    /// The pointer of the unterminated string value `text` ends in, and its length so far in
    /// bytes (escapes counted as written); `nil` when the text does not end inside a string
    /// value (inside a key, between values, or not JSON at all).
    static func openString(in text: String) -> (pointer: JSONPointer, writtenBytes: Int)? {
        let bytes = Array(text.utf8)
        var stack: [Frame] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"): stack.append(.object(key: nil, expectingKey: true))
            case UInt8(ascii: "["): stack.append(.array(index: 0))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard !stack.isEmpty else { return nil }
                stack.removeLast()
            case UInt8(ascii: ","):
                switch stack.last {
                case .object(let key, _)?: stack[stack.count - 1] = .object(key: key, expectingKey: true)
                case .array(let position)?: stack[stack.count - 1] = .array(index: position + 1)
                case nil: return nil
                }
            case UInt8(ascii: ":"):
                guard case .object(let key, _)? = stack.last else { return nil }
                stack[stack.count - 1] = .object(key: key, expectingKey: false)
            case UInt8(ascii: "\""):
                let start = index + 1
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "\"") {
                    end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
                }
                let isKey: Bool
                if case .object(_, true)? = stack.last { isKey = true } else { isKey = false }
                guard end < bytes.count else {
                    // The text ends inside this string.
                    guard !isKey, !stack.isEmpty else { return nil }
                    return (pointer(of: stack), bytes.count - start)
                }
                if isKey {
                    let key = (try? JSONValue(parsing: Array(bytes[(start - 1)...end])))?.stringValue
                    stack[stack.count - 1] = .object(key: key, expectingKey: false)
                }
                index = end
            default: break
            }
            index += 1
        }
        return nil
    }

    private static func pointer(of stack: [Frame]) -> JSONPointer {
        var pointer = JSONPointer.root
        for frame in stack {
            switch frame {
            case .object(let key, _): pointer = pointer.appending(key ?? "")
            case .array(let position): pointer = pointer.appending(position)
            }
        }
        return pointer
    }
}
