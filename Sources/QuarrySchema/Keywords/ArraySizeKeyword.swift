/// `minItems` and `maxItems`.
final class ArraySizeKeyword: Keyword {
    let isMinimum: Bool
    let limit: Int
    let location: KeywordLocation

    init(isMinimum: Bool, limit: Int, location: KeywordLocation) {
        self.isMinimum = isMinimum
        self.limit = limit
        self.location = location
    }

    static func compileAll(_ scope: KeywordScope) throws(SchemaError) -> [ArraySizeKeyword] {
        var keywords: [ArraySizeKeyword] = []
        if scope.object["minItems"] != nil {
            keywords.append(
                ArraySizeKeyword(
                    isMinimum: true, limit: try scope.nonNegativeInteger("minItems"),
                    location: scope.node.location(of: "minItems")))
        }
        if scope.object["maxItems"] != nil {
            keywords.append(
                ArraySizeKeyword(
                    isMinimum: false, limit: try scope.nonNegativeInteger("maxItems"),
                    location: scope.node.location(of: "maxItems")))
        }
        return keywords
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        guard case .array(let elements) = instance else { return true }
        if isMinimum {
            if elements.count >= limit { return true }
            context.fail(
                location, "the array has \(pluralized(elements.count, "item")), fewer than the minimum of \(limit)")
        } else {
            if elements.count <= limit { return true }
            context.fail(
                location, "the array has \(pluralized(elements.count, "item")), more than the maximum of \(limit)")
        }
        return false
    }
}
