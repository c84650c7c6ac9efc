/// `pattern`: the string contains a match of an ECMA-262 regular expression (unanchored).
///
/// A match that exceeds ``SchemaOptions/regexStepLimit`` backtracking steps counts as a failure
/// with its own message, so hostile patterns cannot stall validation.
final class PatternKeyword: Keyword {
    let regex: ECMARegex
    let location: KeywordLocation

    init(_ scope: KeywordScope) throws(SchemaError) {
        guard case .string(let source)? = scope.object["pattern"] else {
            throw scope.invalid("pattern", "'pattern' must be a string")
        }
        do {
            regex = try ECMARegex(source)
        } catch {
            throw scope.invalid(
                "pattern", "'pattern' is not a valid regular expression: \(error)", kind: .invalidPattern)
        }
        location = scope.node.location(of: "pattern")
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        guard case .string(let string) = instance else { return true }
        switch regex.matches(string, stepLimit: context.regexStepLimit) {
        case .matched: return true
        case .notMatched:
            context.fail(location, "\(instance.briefDescription) does not match the pattern \(regex.source)")
        case .stepLimitExceeded:
            context.fail(
                location,
                "matching \(instance.briefDescription) against the pattern \(regex.source) exceeded the step limit")
        }
        return false
    }
}
