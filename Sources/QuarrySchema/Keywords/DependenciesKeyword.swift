/// Draft 7 and earlier `dependencies`: a present property requires other properties (array
/// form) or makes the object match a schema (schema form).
final class DependenciesKeyword: Keyword {
    let required: DependentRequiredKeyword
    let schemas: DependentSchemasKeyword
    let location: KeywordLocation

    init(_ scope: KeywordScope) throws(SchemaError) {
        guard case .object(let members)? = scope.object["dependencies"] else {
            throw scope.invalid("dependencies", "'dependencies' must be an object")
        }
        var names: [(String, [String])] = []
        var schemas: [(String, SchemaNode)] = []
        for (key, value) in members {
            if case .array(let elements) = value {
                let list = elements.compactMap(\.stringValue)
                guard list.count == elements.count else {
                    throw scope.invalid("dependencies", "'dependencies/\(key)' must list property names")
                }
                names.append((key, list))
            } else {
                schemas.append((key, try scope.subschema("dependencies", key)))
            }
        }
        location = scope.node.location(of: "dependencies")
        required = DependentRequiredKeyword(dependencies: names, location: location)
        self.schemas = DependentSchemasKeyword(schemas: schemas, keyword: "dependencies")
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        let requiredPassed = required.validate(instance, &context, &evaluated)
        if !requiredPassed, !context.collectsErrors { return false }
        let schemasPassed = schemas.validate(instance, &context, &evaluated)
        return requiredPassed && schemasPassed
    }
}
