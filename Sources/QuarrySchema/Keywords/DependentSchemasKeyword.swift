/// `dependentSchemas`: when a property is present, the whole object must also match a schema.
final class DependentSchemasKeyword: Keyword {
    let schemas: [(String, SchemaNode)]
    /// The keyword reported in evaluation paths (`dependencies` when used for draft 7).
    let keyword: String

    init(_ scope: KeywordScope) throws(SchemaError) {
        schemas = try scope.subschemaMap("dependentSchemas")
        keyword = "dependentSchemas"
    }

    init(schemas: [(String, SchemaNode)], keyword: String) {
        self.schemas = schemas
        self.keyword = keyword
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        guard case .object(let object) = instance else { return true }
        var valid = true
        for (trigger, node) in schemas where object.contains(key: trigger) {
            context.pushKeyword(keyword, trigger)
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
