/// `required`: the object has every listed property.
final class RequiredKeyword: Keyword {
    let names: [String]
    let location: KeywordLocation

    /// `nil` for an empty list, which asserts nothing.
    init?(_ scope: KeywordScope) throws(SchemaError) {
        guard case .array(let elements)? = scope.object["required"] else {
            throw scope.invalid("required", "'required' must be an array of property names")
        }
        var names: [String] = []
        for element in elements {
            guard let name = element.stringValue else {
                throw scope.invalid("required", "'required' must be an array of property names")
            }
            names.append(name)
        }
        guard !names.isEmpty else { return nil }
        self.names = names
        location = scope.node.location(of: "required")
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        guard case .object(let object) = instance else { return true }
        var valid = true
        var hint = 0
        for name in names {
            if let position = object.position(of: name, from: hint) {
                hint = position + 1
                continue
            }
            valid = false
            guard context.collectsErrors else { return false }
            context.fail(location, "the required property \(JSONValue.string(name).briefDescription) is missing")
        }
        return valid
    }
}
