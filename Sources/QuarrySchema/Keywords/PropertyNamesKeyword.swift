/// `propertyNames`: every property name, as a string, matches a schema.
final class PropertyNamesKeyword: Keyword {
    let node: SchemaNode

    init(_ scope: KeywordScope) throws(SchemaError) {
        node = try scope.subschema("propertyNames")
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        guard case .object(let object) = instance else { return true }
        var valid = true
        for key in object.keys {
            context.pushKeyword("propertyNames")
            context.pushInstance(key)
            let passed = node.validateChild(.string(key), &context)
            context.popInstance()
            context.popKeyword()
            if !passed {
                valid = false
                if !context.collectsErrors { return false }
            }
        }
        return valid
    }
}
