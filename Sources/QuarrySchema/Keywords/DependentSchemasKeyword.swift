/// `dependentSchemas`: when a property is present, the whole object must also match a schema.
struct DependentSchemasKeyword: Keyword {
    let schemas: [(String, SchemaNode)]

    init(_ scope: KeywordScope) throws(SchemaError) {
        schemas = try scope.subschemaMap("dependentSchemas")
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        guard case .object(let object) = instance else { return true }
        var valid = true
        for (trigger, node) in schemas where object.contains(key: trigger) {
            context.pushKeyword("dependentSchemas", trigger)
            let passed = node.validateInPlace(instance, &context, &evaluated)
            context.popKeyword(2)
            if !passed {
                valid = false
                if !context.collectsErrors { return false }
            }
        }
        return valid
    }
}
