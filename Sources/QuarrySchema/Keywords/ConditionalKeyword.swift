/// `if`, `then` and `else`: when the instance matches `if` it must match `then`, otherwise
/// `else`. A missing branch passes.
final class ConditionalKeyword: Keyword {
    let condition: SchemaNode
    let then: SchemaNode?
    let otherwise: SchemaNode?

    init(_ scope: KeywordScope) throws(SchemaError) {
        condition = try scope.subschema("if")
        then = scope.object["then"] != nil ? try scope.subschema("then") : nil
        otherwise = scope.object["else"] != nil ? try scope.subschema("else") : nil
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        let mark = context.errorMark
        context.pushKeyword("if")
        let matched = condition.validateInPlace(instance, &context, &evaluated)
        context.popKeyword()
        context.rollBack(to: mark)
        if matched {
            guard let then else { return true }
            context.pushKeyword("then")
            defer { context.popKeyword() }
            return then.validateInPlace(instance, &context, &evaluated)
        }
        guard let otherwise else { return true }
        context.pushKeyword("else")
        defer { context.popKeyword() }
        return otherwise.validateInPlace(instance, &context, &evaluated)
    }
}
