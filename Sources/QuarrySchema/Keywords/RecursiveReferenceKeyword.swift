/// `$recursiveRef` (2019-09): like `$ref: "#"`, but when the current resource sets
/// `$recursiveAnchor: true`, the target moves outward through the dynamic scope for as long as
/// the enclosing resources set it too.
final class RecursiveReferenceKeyword: Keyword {
    let initial: SchemaNode
    let initialResource: SchemaResource

    init(_ scope: KeywordScope) throws(SchemaError) {
        guard case .string(let reference)? = scope.object["$recursiveRef"] else {
            throw scope.invalid("$recursiveRef", "'$recursiveRef' must be a URI reference string")
        }
        let (node, resource, _) = try scope.reference("$recursiveRef", reference)
        initial = node
        initialResource = resource
        scope.compiler.markUsesDynamicScope()
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        var target = initial
        if initialResource.recursiveAnchor {
            for resource in context.dynamicScope.reversed() {
                guard resource.recursiveAnchor, let root = resource.rootNode else { break }
                target = root
            }
        }
        context.pushKeyword("$recursiveRef")
        defer { context.popKeyword() }
        return target.validateInPlace(instance, &context, &evaluated)
    }
}
