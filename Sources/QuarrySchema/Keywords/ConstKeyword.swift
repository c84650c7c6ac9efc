/// `const`: the instance equals the given value.
final class ConstKeyword: Keyword {
    let value: JSONValue
    let location: KeywordLocation

    init(_ scope: KeywordScope) {
        value = scope.object["const"] ?? .null
        location = scope.node.location(of: "const")
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        if instance == value { return true }
        context.fail(location, "\(instance.briefDescription) is not the required value \(value.briefDescription)")
        return false
    }
}
