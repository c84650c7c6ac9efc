import QuarrySchema

/// Parses a model's reply as JSON, repairing the harmless mistakes models make: code fences,
/// prose around the JSON, trailing commas, and JSON sent inside a string.
///
/// Strict parsing is tried first; each repair is applied only when needed and recorded. A
/// repair that would change data (guessing a missing value, closing an unterminated string)
/// is never made — the reply then fails and goes to the corrective loop.
public enum LenientJSONParser {
    /// The parsed value with its repairs, or the strict parser's error on the original text.
    public static func parse(_ text: String) -> Result<(JSONValue, [Repair]), JSONParseError> {
        let strictError: JSONParseError
        do {
            let value = try JSONValue(parsing: text)
            return .success(unwrapStringJSON(value, repairs: []))
        } catch {
            strictError = error
        }
        var repairs: [Repair] = []
        var candidate = text.trimmingWhitespace
        if let unfenced = removeCodeFence(candidate) {
            candidate = unfenced
            repairs.append(.removedCodeFence)
        }
        if let (inner, before, after) = extractJSONSpan(candidate), !(before.isEmpty && after.isEmpty) {
            candidate = inner
            repairs.append(.removedSurroundingText(before: before, after: after))
        }
        let (withoutCommas, offsets) = removeTrailingCommas(candidate)
        if !offsets.isEmpty {
            candidate = withoutCommas
            repairs.append(contentsOf: offsets.map { .removedTrailingComma(offset: $0) })
        }
        guard !repairs.isEmpty, let value = try? JSONValue(parsing: candidate) else { return .failure(strictError) }
        return .success(unwrapStringJSON(value, repairs: repairs))
    }

    private static func unwrapStringJSON(_ value: JSONValue, repairs: [Repair]) -> (JSONValue, [Repair]) {
        if case .string(let inner) = value, let first = inner.trimmingWhitespace.first, first == "{" || first == "[",
            let parsed = try? JSONValue(parsing: inner)
        {
            return (parsed, repairs + [.unwrappedJSONString])
        }
        return (value, repairs)
    }

    /// The content of a ```` ``` ```` or ```` ```json ```` fence that wraps the whole text.
    static func removeCodeFence(_ text: String) -> String? {
        guard text.hasPrefix("```") else { return nil }
        var body = text.dropFirst(3)
        guard let newline = body.firstIndex(of: "\n") else { return nil }
        body = body[body.index(after: newline)...]
        let trimmed = String(body).trimmingWhitespace
        guard trimmed.hasSuffix("```") else { return nil }
        return String(trimmed.dropLast(3)).trimmingWhitespace
    }

    /// The first balanced `{...}` or `[...]` span (strings respected) and the text around it.
    static func extractJSONSpan(_ text: String) -> (String, String, String)? {
        let bytes = Array(text.utf8)
        guard let start = bytes.firstIndex(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") }) else {
            return nil
        }
        var depth = 0
        var strings = StringLiteralTracker()
        var position = start
        while position < bytes.count {
            let byte = bytes[position]
            if !strings.isInside(after: byte) {
                switch byte {
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        let inner = String(decoding: bytes[start...position], as: UTF8.self)
                        let before = String(decoding: bytes[..<start], as: UTF8.self).trimmingWhitespace
                        let after = String(decoding: bytes[(position + 1)...], as: UTF8.self).trimmingWhitespace
                        return (inner, before, after)
                    }
                default: break
                }
            }
            position += 1
        }
        return nil
    }

    /// Removes commas that directly precede `}` or `]` outside strings.
    static func removeTrailingCommas(_ text: String) -> (String, [Int]) {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var offsets: [Int] = []
        var strings = StringLiteralTracker()
        for (position, byte) in bytes.enumerated() {
            if strings.isInside(after: byte) {
                output.append(byte)
                continue
            }
            if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                var back = output.count - 1
                while back >= 0,
                    output[back] == 0x20 || output[back] == 0x0A || output[back] == 0x0D || output[back] == 0x09
                {
                    back -= 1
                }
                if back >= 0, output[back] == UInt8(ascii: ",") {
                    output.remove(at: back)
                    offsets.append(position)
                }
            }
            output.append(byte)
        }
        return (String(decoding: output, as: UTF8.self), offsets)
    }
}

/// Follows JSON text byte by byte and says whether a byte belongs to a string literal (its
/// quotes included), so bracket and comma scans can skip string contents.
struct StringLiteralTracker {
    private var inString = false
    private var escaped = false

    /// Whether `byte`, the next byte of the text, is part of a string literal.
    mutating func isInside(after byte: UInt8) -> Bool {
        if inString {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString = false
            }
            return true
        }
        if byte == UInt8(ascii: "\"") {
            inString = true
            return true
        }
        return false
    }
}

extension String {
    var trimmingWhitespace: String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
