import QuarrySchema

/// Recovers what a reply cut off at the output limit still holds: the longest prefix that ends
/// after a complete value, with its open objects and arrays closed, and runs of one item
/// repeated over and over (a small model's loop) collapsed to one. Every change is a ``Repair``.
public enum TruncatedReplyRecovery {
    /// The value recovered from `text`, and the repairs made, or `nil` when no complete value
    /// inside the top-level object or array survives.
    public static func recover(_ text: String) -> (value: JSONValue, repairs: [Repair])? {
        let bytes = Array(text.utf8)
        guard let start = bytes.firstIndex(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") }) else {
            return nil
        }
        let candidates = cutPoints(bytes, from: start)
        for candidate in candidates.reversed() {
            let prefix = String(decoding: bytes[start..<candidate.end], as: UTF8.self)
            guard let value = try? JSONValue(parsing: prefix + candidate.closers) else { continue }
            var repairs: [Repair] = [
                .closedTruncatedReply(
                    droppedTail: String(decoding: bytes[candidate.end...], as: UTF8.self), closers: candidate.closers)
            ]
            let collapsed = collapseRepeats(value, pointer: .root, repairs: &repairs)
            return (collapsed, repairs)
        }
        return nil
    }

    /// A place the text can be cut: right after a complete value, with the brackets that close
    /// everything still open there.
    struct CutPoint {
        var end: Int
        var closers: String
    }

    private enum Frame {
        case object(expectsValue: Bool)
        case array
    }

    private static func cutPoints(_ bytes: [UInt8], from start: Int) -> [CutPoint] {
        var points: [CutPoint] = []
        var stack: [Frame] = []
        var index = start
        func closers() -> String {
            String(
                stack.reversed().map { frame -> Character in
                    if case .array = frame { return "]" }
                    return "}"
                })
        }
        func valueEnded(at end: Int) {
            if case .object = stack.last { stack[stack.count - 1] = .object(expectsValue: false) }
            if !stack.isEmpty { points.append(CutPoint(end: end, closers: closers())) }
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"):
                stack.append(.object(expectsValue: false))
            case UInt8(ascii: "["):
                stack.append(.array)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard !stack.isEmpty else { return points }
                stack.removeLast()
                if stack.isEmpty {
                    points.append(CutPoint(end: index + 1, closers: ""))
                    return points
                }
                valueEnded(at: index + 1)
            case UInt8(ascii: ":"):
                if case .object = stack.last { stack[stack.count - 1] = .object(expectsValue: true) }
            case UInt8(ascii: "\""):
                var cursor = index + 1
                while cursor < bytes.count, bytes[cursor] != UInt8(ascii: "\"") {
                    cursor += bytes[cursor] == UInt8(ascii: "\\") ? 2 : 1
                }
                guard cursor < bytes.count else { return points }
                index = cursor
                let isKey: Bool
                if case .object(let expectsValue) = stack.last { isKey = !expectsValue } else { isKey = false }
                if !isKey { valueEnded(at: index + 1) }
            default:
                if byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                {
                    var cursor = index
                    while cursor < bytes.count, !isDelimiter(bytes[cursor]) { cursor += 1 }
                    // A literal that runs to the end of the text may itself be cut off.
                    guard cursor < bytes.count else { return points }
                    index = cursor - 1
                    valueEnded(at: cursor)
                }
            }
            index += 1
        }
        return points
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: " "), UInt8(ascii: "\n"),
            UInt8(ascii: "\r"), UInt8(ascii: "\t"):
            return true
        default: return false
        }
    }

    /// Runs of three or more equal consecutive items become one item.
    private static func collapseRepeats(_ value: JSONValue, pointer: JSONPointer, repairs: inout [Repair]) -> JSONValue
    {
        switch value {
        case .array(let items):
            var kept: [JSONValue] = []
            var index = 0
            while index < items.count {
                var runEnd = index + 1
                while runEnd < items.count, items[runEnd] == items[index] { runEnd += 1 }
                let run = runEnd - index
                kept.append(collapseRepeats(items[index], pointer: pointer.appending(kept.count), repairs: &repairs))
                if run >= 3 {
                    repairs.append(
                        .droppedRepeatedItems(
                            pointer: pointer.description, count: run - 1, item: items[index].serialized()))
                } else if run == 2 {
                    kept.append(items[index + 1])
                }
                index = runEnd
            }
            return .array(kept)
        case .object(let object):
            var result = JSONObject()
            for (key, child) in object {
                result[key] = collapseRepeats(child, pointer: pointer.appending(key), repairs: &repairs)
            }
            return .object(result)
        default:
            return value
        }
    }
}
