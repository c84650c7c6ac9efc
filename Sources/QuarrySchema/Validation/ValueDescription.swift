extension JSONValue {
    /// A short rendering of the value for error messages: JSON text, cut to about 60
    /// characters with an ellipsis.
    var briefDescription: String {
        let text: String
        switch self {
        case .string(let string) where string.utf8.count > 60:
            var prefix = ""
            for character in string {
                if prefix.utf8.count >= 56 { break }
                prefix.append(character)
            }
            text = JSONSerializer().string(of: .string(prefix)).dropLast() + "…\""
            return text
        case .array(let elements) where elements.count > 8:
            text = serialized()
        case .object(let object) where object.count > 8:
            text = serialized()
        default:
            text = serialized()
        }
        if text.utf8.count <= 64 { return text }
        var prefix = ""
        for character in text {
            if prefix.utf8.count >= 60 { break }
            prefix.append(character)
        }
        return prefix + "…"
    }
}

extension Array where Element == String {
    /// `"a", "b" and "c"` style lists for messages.
    var quotedList: String {
        let quoted = map { JSONSerializer().string(of: .string($0)) }
        switch quoted.count {
        case 0: return ""
        case 1: return quoted[0]
        default: return quoted.dropLast().joined(separator: ", ") + " and " + (quoted.last ?? "")
        }
    }
}

/// "1 item" / "2 items".
func pluralized(_ count: Int, _ noun: String) -> String {
    count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
}
