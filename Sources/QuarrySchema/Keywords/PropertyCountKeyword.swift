/// `minProperties` and `maxProperties`.
final class PropertyCountKeyword: Keyword {
    let isMinimum: Bool
    let limit: Int
    let location: KeywordLocation

    init(isMinimum: Bool, limit: Int, location: KeywordLocation) {
        self.isMinimum = isMinimum
        self.limit = limit
        self.location = location
    }

    static func compileAll(_ scope: KeywordScope) throws(SchemaError) -> [PropertyCountKeyword] {
        var keywords: [PropertyCountKeyword] = []
        if scope.object["minProperties"] != nil {
            keywords.append(
                PropertyCountKeyword(
                    isMinimum: true, limit: try scope.nonNegativeInteger("minProperties"),
                    location: scope.node.location(of: "minProperties")))
        }
        if scope.object["maxProperties"] != nil {
            keywords.append(
                PropertyCountKeyword(
                    isMinimum: false, limit: try scope.nonNegativeInteger("maxProperties"),
                    location: scope.node.location(of: "maxProperties")))
        }
        return keywords
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        guard case .object(let object) = instance else { return true }
        if isMinimum {
            if object.count >= limit { return true }
            context.fail(
                location,
                "the object has \((object.count == 1 ? "1 property" : "\(object.count) properties")), fewer than the minimum of \(limit)"
            )
        } else {
            if object.count <= limit { return true }
            context.fail(
                location,
                "the object has \((object.count == 1 ? "1 property" : "\(object.count) properties")), more than the maximum of \(limit)"
            )
        }
        return false
    }
}
