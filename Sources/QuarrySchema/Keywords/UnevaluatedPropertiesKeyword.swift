/// `unevaluatedProperties`: properties that no other keyword of this schema (or of its
/// successful in-place subschemas) evaluated must match a schema.
final class UnevaluatedPropertiesKeyword: Keyword {
    let node: SchemaNode
    let location: KeywordLocation

    init(_ scope: KeywordScope) throws(SchemaError) {
        node = try scope.subschema("unevaluatedProperties")
        location = scope.node.location(of: "unevaluatedProperties")
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        guard case .object(let object) = instance else { return true }
        var valid = true
        for index in 0..<object.count where !evaluated.isPropertyEvaluated(index) {
            let key = object.keys[index]
            if node.constant == false {
                valid = false
                guard context.collectsErrors else { return false }
                context.pushInstance(key)
                context.fail(location, "the property \(JSONValue.string(key).briefDescription) is not allowed")
                context.popInstance()
                continue
            }
            context.pushKeyword("unevaluatedProperties")
            context.pushInstance(key)
            let passed = node.validateChild(object.values[index], &context)
            context.popInstance()
            context.popKeyword()
            if passed {
                evaluated.markProperty(index, of: object.count)
            } else {
                valid = false
                if !context.collectsErrors { return false }
            }
        }
        return valid
    }
}
