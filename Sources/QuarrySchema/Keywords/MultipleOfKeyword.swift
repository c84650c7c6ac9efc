/// `multipleOf`: the instance divided by the divisor is an integer, computed exactly in
/// decimal (so `0.3` is a multiple of `0.1`).
final class MultipleOfKeyword: Keyword {
    let divisor: JSONNumber
    let location: KeywordLocation

    init(_ scope: KeywordScope) throws(SchemaError) {
        divisor = try scope.number("multipleOf")
        guard !divisor.isNegative, !divisor.isZero else {
            throw scope.invalid("multipleOf", "'multipleOf' must be greater than 0")
        }
        location = scope.node.location(of: "multipleOf")
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        guard case .number(let number) = instance else { return true }
        if number.isMultiple(of: divisor) { return true }
        context.fail(location, "\(number) is not a multiple of \(divisor)")
        return false
    }
}
