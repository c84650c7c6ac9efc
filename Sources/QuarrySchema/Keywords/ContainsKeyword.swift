/// `contains` with `minContains` and `maxContains`: how many items match a schema.
///
/// In 2020-12 the matching items count as evaluated for `unevaluatedItems`.
final class ContainsKeyword: Keyword {
    let node: SchemaNode
    let minimum: Int
    let maximum: Int?
    let marksEvaluated: Bool
    let location: KeywordLocation
    let minimumLocation: KeywordLocation
    let maximumLocation: KeywordLocation

    init(_ scope: KeywordScope) throws(SchemaError) {
        node = try scope.subschema("contains")
        let usesBounds = scope.draft >= .draft2019_09 && scope.vocabularies.validation
        minimum = usesBounds && scope.object["minContains"] != nil ? try scope.nonNegativeInteger("minContains") : 1
        maximum = usesBounds && scope.object["maxContains"] != nil ? try scope.nonNegativeInteger("maxContains") : nil
        marksEvaluated = scope.draft >= .draft2020_12
        location = scope.node.location(of: "contains")
        minimumLocation = scope.object["minContains"] != nil ? scope.node.location(of: "minContains") : location
        maximumLocation = scope.node.location(of: "maxContains")
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        guard case .array(let elements) = instance else { return true }
        var matches = 0
        let mark = context.errorMark
        context.pushKeyword("contains")
        for (index, element) in elements.enumerated() {
            context.pushInstance(index)
            let passed = node.validateChild(element, &context)
            context.popInstance()
            if passed {
                matches += 1
                if marksEvaluated, context.tracksAnnotations { evaluated.markItem(index, of: elements.count) }
                // Without annotations or a maximum, enough matches settle it.
                if !context.tracksAnnotations, maximum == nil, matches >= minimum { break }
            }
        }
        context.popKeyword()
        context.rollBack(to: mark)
        if matches < minimum {
            if minimum == 1 {
                context.fail(location, "no item matches the 'contains' schema")
            } else {
                context.fail(
                    minimumLocation,
                    "\(pluralized(matches, "item")) match the 'contains' schema, fewer than the minimum of \(minimum)")
            }
            return false
        }
        if let maximum, matches > maximum {
            context.fail(
                maximumLocation,
                "\(pluralized(matches, "item")) match the 'contains' schema, more than the maximum of \(maximum)")
            return false
        }
        return true
    }
}
