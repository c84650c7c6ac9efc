/// `$ref`: the instance matches the referenced schema. Resolved when the schema compiles; in
/// drafts before 2019-09 it makes sibling keywords ignored.
final class ReferenceKeyword: Keyword {
    let target: SchemaNode

    init(_ scope: KeywordScope) throws(SchemaError) {
        guard case .string(let reference)? = scope.object["$ref"] else {
            throw scope.invalid("$ref", "'$ref' must be a URI reference string")
        }
        target = try scope.reference("$ref", reference).0
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        context.pushKeyword("$ref")
        defer { context.popKeyword() }
        return target.validateInPlace(instance, &context, &evaluated)
    }
}
