import QuarrySchema

/// The follow-up message that feeds validation errors back to the model.
///
/// Each error is one line, `<instance pointer>: <what is wrong> (schema <keyword pointer>)`;
/// the message asks for the full corrected object, changing only what the errors name.
public enum CorrectivePrompt {
    /// The correction message for a reply that failed validation.
    public static func message(for errors: [ValidationError]) -> String {
        var lines = ["Your previous reply does not match the JSON Schema. Errors:"]
        for error in errors.prefix(20) {
            lines.append("- \(error.displayedInstanceLocation): \(error.message) (schema \(error.keywordLocation))")
        }
        if errors.count > 20 { lines.append("- … and \(errors.count - 20) more") }
        lines.append("")
        lines.append(
            "Return the full corrected JSON object. Change only the fields these errors name and keep every other value as it was. Reply with JSON only."
        )
        return lines.joined(separator: "\n")
    }

    /// The correction message for a reply that was not JSON at all.
    public static func message(forUnparsable error: JSONParseError) -> String {
        """
        Your previous reply is not valid JSON (line \(error.line), column \(error.column): \(error.message)). \
        Return the full JSON object that conforms to the JSON Schema. Reply with JSON only.
        """
    }
}
