/// `unevaluatedItems`: items that no other keyword of this schema (or of its successful
/// in-place subschemas) evaluated must match a schema.
final class UnevaluatedItemsKeyword: Keyword {
    let node: SchemaNode
    let location: KeywordLocation

    init(_ scope: KeywordScope) throws(SchemaError) {
        node = try scope.subschema("unevaluatedItems")
        location = scope.node.location(of: "unevaluatedItems")
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        guard case .array(let elements) = instance else { return true }
        var valid = true
        for index in elements.indices where !evaluated.isItemEvaluated(index) {
            if node.constant == false {
                valid = false
                guard context.collectsErrors else { return false }
                context.pushInstance(index)
                context.fail(location, "item \(index) is not allowed (no other keyword accepts it)")
                context.popInstance()
                continue
            }
            context.pushKeyword("unevaluatedItems")
            context.pushInstance(index)
            let passed = node.validateChild(elements[index], &context)
            context.popInstance()
            context.popKeyword()
            if passed {
                evaluated.markItem(index, of: elements.count)
            } else {
                valid = false
                if !context.collectsErrors { return false }
            }
        }
        return valid
    }
}
