/// Swift literal text for strings, so any JSON string can appear in generated code.
enum SwiftLiteral {
    /// `"..."` with quotes, backslashes and control characters escaped.
    static func string(_ value: String) -> String {
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\0": text += "\\0"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x2028...0x2029).contains(scalar.value) {
                    text += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        return text + "\""
    }

    /// A raw multi-line string literal (`#"""` … `"""#`) holding `value` exactly, each line
    /// indented by `indent`; enough `#`s that nothing in the text ends the literal.
    static func rawMultiline(_ value: String, indent: String) -> String {
        var longestRun = 0
        var run = 0
        for character in value {
            if character == "#" {
                run += 1
                longestRun = max(longestRun, run)
            } else {
                run = 0
            }
        }
        let hashes = String(repeating: "#", count: longestRun + 1)
        let normalized = value.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines = normalized.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let body = lines.map { $0.isEmpty ? "" : indent + $0 }.joined(separator: "\n")
        return "\(hashes)\"\"\"\n\(body)\n\(indent)\"\"\"\(hashes)"
    }
}
