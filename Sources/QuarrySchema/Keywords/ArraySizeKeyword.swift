/// `minItems` and `maxItems`.
final class ArraySizeKeyword: CountLimitKeyword, Keyword, @unchecked Sendable {
    static func compileAll(_ scope: KeywordScope) throws(SchemaError) -> [ArraySizeKeyword] {
        try compilePair(scope, minimum: "minItems", maximum: "maxItems")
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        guard case .array(let elements) = instance else { return true }
        if isMinimum {
            if elements.count >= limit { return true }
            context.fail(
                location, "the array has \(pluralized(elements.count, "item")), fewer than the minimum of \(self.limit)"
            )
        } else {
            if elements.count <= limit { return true }
            context.fail(
                location, "the array has \(pluralized(elements.count, "item")), more than the maximum of \(self.limit)")
        }
        return false
    }
}
