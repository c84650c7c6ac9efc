/// `dependentRequired`: when a property is present, the properties it lists are too.
final class DependentRequiredKeyword: Keyword {
    let dependencies: [(String, [String])]
    let location: KeywordLocation

    init(_ scope: KeywordScope) throws(SchemaError) {
        guard case .object(let members)? = scope.object["dependentRequired"] else {
            throw scope.invalid("dependentRequired", "'dependentRequired' must be an object of property-name arrays")
        }
        var dependencies: [(String, [String])] = []
        for (key, value) in members {
            guard case .array(let elements) = value, let names = Optional(elements.compactMap(\.stringValue)),
                names.count == elements.count
            else {
                throw scope.invalid(
                    "dependentRequired", "'dependentRequired/\(key)' must be an array of property names")
            }
            dependencies.append((key, names))
        }
        self.dependencies = dependencies
        location = scope.node.location(of: "dependentRequired")
    }

    init(dependencies: [(String, [String])], location: KeywordLocation) {
        self.dependencies = dependencies
        self.location = location
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        guard case .object(let object) = instance else { return true }
        var valid = true
        for (trigger, names) in dependencies where object.contains(key: trigger) {
            for name in names where !object.contains(key: name) {
                valid = false
                guard context.collectsErrors else { return false }
                context.fail(
                    location,
                    "the property \(JSONValue.string(name).briefDescription) is required when \(JSONValue.string(trigger).briefDescription) is present"
                )
            }
        }
        return valid
    }
}
