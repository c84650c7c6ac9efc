/// `oneOf`: the instance matches exactly one subschema.
final class OneOfKeyword: Keyword {
    let nodes: [SchemaNode]
    let location: KeywordLocation

    init(_ scope: KeywordScope) throws(SchemaError) {
        nodes = try scope.subschemaArray("oneOf")
        location = scope.node.location(of: "oneOf")
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        let mark = context.errorMark
        var passing: [Int] = []
        var passingAnnotations = Evaluated()
        for (position, node) in nodes.enumerated() {
            context.pushKeyword("oneOf", String(position))
            var local = Evaluated()
            let passed = node.validateInPlace(instance, &context, &local)
            context.popKeyword(2)
            if passed {
                passing.append(position)
                passingAnnotations = local
                if passing.count > 1 { break }
            }
        }
        if passing.count == 1 {
            context.rollBack(to: mark)
            if context.tracksAnnotations { evaluated.merge(passingAnnotations) }
            return true
        }
        if passing.isEmpty {
            context.fail(location, "\(instance.briefDescription) matches none of the \(nodes.count) schemas in 'oneOf'")
        } else {
            context.rollBack(to: mark)
            context.fail(
                location,
                "\(instance.briefDescription) matches schemas \(passing[0]) and \(passing[1]) in 'oneOf'; exactly one must match"
            )
        }
        return false
    }
}
