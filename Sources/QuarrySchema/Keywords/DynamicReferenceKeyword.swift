/// `$dynamicRef` (2020-12): like `$ref`, but when it lands on a `$dynamicAnchor` the target is
/// the outermost schema resource in the dynamic scope that declares the same dynamic anchor.
final class DynamicReferenceKeyword: Keyword {
    let initial: SchemaNode
    /// The anchor name when the reference resolves dynamically.
    let anchor: String?

    init(_ scope: KeywordScope) throws(SchemaError) {
        guard case .string(let reference)? = scope.object["$dynamicRef"] else {
            throw scope.invalid("$dynamicRef", "'$dynamicRef' must be a URI reference string")
        }
        let (node, _, viaDynamicAnchor) = try scope.reference("$dynamicRef", reference)
        initial = node
        let fragment = URIReference.split(reference).fragment
        if viaDynamicAnchor, !fragment.isEmpty, !fragment.hasPrefix("/") {
            anchor = fragment.removingPercentEncodingQuietly
            scope.compiler.markUsesDynamicScope()
        } else {
            anchor = nil
        }
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        var target = initial
        if let anchor {
            for resource in context.dynamicScope {
                if let node = resource.dynamicAnchorNodes[anchor] {
                    target = node
                    break
                }
            }
        }
        context.pushKeyword("$dynamicRef")
        defer { context.popKeyword() }
        return target.validateInPlace(instance, &context, &evaluated)
    }
}
