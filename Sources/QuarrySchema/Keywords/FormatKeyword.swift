/// `format`: an annotation by default; with ``SchemaOptions/assertsFormat`` (or the 2020-12
/// format-assertion vocabulary) a string that does not match a known format is invalid.
/// Unknown formats always pass.
final class FormatKeyword: Keyword {
    let format: String
    let location: KeywordLocation

    /// `nil` when the keyword only annotates (assertion off).
    init?(_ scope: KeywordScope) throws(SchemaError) {
        guard case .string(let format)? = scope.object["format"] else {
            throw scope.invalid("format", "'format' must be a string")
        }
        guard scope.options.assertsFormat || scope.vocabularies.formatAssertion else { return nil }
        self.format = format
        location = scope.node.location(of: "format")
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        guard case .string(let string) = instance else { return true }
        let valid: Bool
        if format == "regex" {
            valid = (try? ECMARegex(string)) != nil
        } else {
            valid = FormatChecker.check(string, format: format) ?? true
        }
        if !valid { context.fail(location, "\(instance.briefDescription) is not a valid \(format)") }
        return valid
    }
}
