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

    /// The short correction for small models: one line per error (the pointer and the
    /// validator's message, which quotes the offending value and lists an enum's values).
    ///
    /// After a reply that was cut off (at the output limit, or stopped because it repeated
    /// itself), the conversation's previous assistant message is the part recovered from it,
    /// not the cut-off text, and `afterCutOff` says so: the model sees its complete part once,
    /// and the loop it fell into not at all.
    public static func conciseMessage(for errors: [ValidationError], afterCutOff: Bool = false) -> String {
        var lines: [String] = []
        if afterCutOff { lines.append("Your reply was cut off; \(cutOffNote)") }
        lines.append(errors.isEmpty ? "Complete it." : "Fix:")
        lines += conciseLines(for: errors)
        lines.append("Reply with the whole JSON object only.")
        return lines.joined(separator: "\n")
    }

    /// One line per error, `- pointer: message`, at most twelve (then how many more).
    static func conciseLines(for errors: [ValidationError]) -> [String] {
        var lines = errors.prefix(12).map { "- \($0.displayedInstanceLocation): \($0.message)" }
        if errors.count > 12 { lines.append("- … and \(errors.count - 12) more") }
        return lines
    }

    /// The detailed correction for a reply that was cut off: the conversation's previous
    /// assistant message is the part recovered from it (see
    /// ``conciseMessage(for:afterCutOff:)``); then the errors as in ``message(for:)``.
    public static func message(forCutOff errors: [ValidationError]) -> String {
        "Your previous reply was cut off; \(cutOffNote)\n\n" + message(for: errors)
    }

    /// What both styles say of the assistant message before a correction of a cut-off reply.
    private static let cutOffNote = "the JSON above is the part that was complete."
}
