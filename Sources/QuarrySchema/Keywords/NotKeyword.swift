/// `not`: the instance does not match a schema.
final class NotKeyword: Keyword {
    let node: SchemaNode
    let location: KeywordLocation

    init(_ scope: KeywordScope) throws(SchemaError) {
        node = try scope.subschema("not")
        location = scope.node.location(of: "not")
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        let mark = context.errorMark
        context.pushKeyword("not")
        let matched = node.validateChild(instance, &context)
        context.popKeyword()
        context.rollBack(to: mark)
        if matched {
            context.fail(location, "\(instance.briefDescription) must not match the schema in 'not'")
            return false
        }
        return true
    }
}
