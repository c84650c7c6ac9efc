/// `allOf`: the instance matches every subschema.
final class AllOfKeyword: Keyword {
    let nodes: [SchemaNode]

    init(_ scope: KeywordScope) throws(SchemaError) {
        nodes = try scope.subschemaArray("allOf")
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        var valid = true
        for (position, node) in nodes.enumerated() {
            context.pushKeyword("allOf", String(position))
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
