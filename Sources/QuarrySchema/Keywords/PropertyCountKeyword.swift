/// `minProperties` and `maxProperties`.
final class PropertyCountKeyword: CountLimitKeyword, Keyword, @unchecked Sendable {
    static func compileAll(_ scope: KeywordScope) throws(SchemaError) -> [PropertyCountKeyword] {
        try compilePair(scope, minimum: "minProperties", maximum: "maxProperties")
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        guard case .object(let object) = instance else { return true }
        if isMinimum {
            if object.count >= limit { return true }
            context.fail(
                location,
                "the object has \((object.count == 1 ? "1 property" : "\(object.count) properties")), fewer than the minimum of \(self.limit)"
            )
        } else {
            if object.count <= limit { return true }
            context.fail(
                location,
                "the object has \((object.count == 1 ? "1 property" : "\(object.count) properties")), more than the maximum of \(self.limit)"
            )
        }
        return false
    }
}
