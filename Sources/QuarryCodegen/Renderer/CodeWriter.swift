/// Lines of Swift with indentation, so the renderer says what to write and not how to indent.
struct CodeWriter {
    private(set) var lines: [String] = []
    private var depth = 0

    /// Appends a line at the current indentation (an empty string writes an empty line).
    mutating func line(_ text: String) {
        lines.append(text.isEmpty ? "" : String(repeating: "    ", count: depth) + text)
    }

    /// Appends text that already contains newlines, indenting each of its lines.
    mutating func block(_ text: String) {
        for part in text.split(separator: "\n", omittingEmptySubsequences: false) { line(String(part)) }
    }

    /// Writes `opening {`, the body one level deeper, then `}`.
    mutating func scope(_ opening: String, _ body: (inout CodeWriter) -> Void) {
        line(opening + " {")
        depth += 1
        body(&self)
        depth -= 1
        line("}")
    }

    /// The current indentation as spaces.
    var indentation: String { String(repeating: "    ", count: depth) }

    /// Appends an empty line unless the previous one is empty or opens a scope.
    mutating func separator() {
        if let last = lines.last, !last.isEmpty, !last.hasSuffix("{") { lines.append("") }
    }

    /// The text, ending in a newline.
    var text: String { lines.joined(separator: "\n") + "\n" }
}
