/// What the three count-limit pairs (`minLength`/`maxLength`, `minItems`/`maxItems`,
/// `minProperties`/`maxProperties`) share: a bound, its direction, its location, and how the
/// pair compiles. Each pair's counting and messages live in its own subclass.
class CountLimitKeyword: @unchecked Sendable {
    let isMinimum: Bool
    let limit: Int
    let location: KeywordLocation

    required init(isMinimum: Bool, limit: Int, location: KeywordLocation) {
        self.isMinimum = isMinimum
        self.limit = limit
        self.location = location
    }

    /// The keywords of the pair that are present, minimum first.
    static func compilePair<Limit: CountLimitKeyword>(
        _ scope: KeywordScope, minimum: String, maximum: String
    ) throws(SchemaError) -> [Limit] {
        var keywords: [Limit] = []
        for (name, isMinimum) in [(minimum, true), (maximum, false)] where scope.object[name] != nil {
            keywords.append(
                Limit(
                    isMinimum: isMinimum, limit: try scope.nonNegativeInteger(name),
                    location: scope.node.location(of: name)))
        }
        return keywords
    }
}
