/// `anyOf`: the instance matches at least one subschema. When annotations are tracked every
/// subschema is evaluated, because each passing one contributes evaluated properties/items.
final class AnyOfKeyword: Keyword {
    let nodes: [SchemaNode]
    let location: KeywordLocation

    init(_ scope: KeywordScope) throws(SchemaError) {
        nodes = try scope.subschemaArray("anyOf")
        location = scope.node.location(of: "anyOf")
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        let mark = context.errorMark
        var anyPassed = false
        for (position, node) in nodes.enumerated() {
            context.pushKeyword("anyOf", String(position))
            let passed = node.validateInPlace(instance, &context, &evaluated)
            context.popKeyword(2)
            if passed {
                anyPassed = true
                if !context.tracksAnnotations { break }
            }
        }
        if anyPassed {
            context.rollBack(to: mark)
            return true
        }
        context.fail(
            location, "\(instance.briefDescription) does not match any of the \(nodes.count) schemas in 'anyOf'")
        return false
    }
}
