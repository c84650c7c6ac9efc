/// `minimum`, `maximum`, `exclusiveMinimum` and `exclusiveMaximum`, compared exactly.
///
/// Draft 4's Boolean `exclusiveMinimum`/`exclusiveMaximum` turn the matching bound exclusive.
final class NumericBoundKeyword: Keyword {
    enum Bound { case minimum, maximum, exclusiveMinimum, exclusiveMaximum }

    let bound: Bound
    let limit: JSONNumber
    let location: KeywordLocation

    init(bound: Bound, limit: JSONNumber, location: KeywordLocation) {
        self.bound = bound
        self.limit = limit
        self.location = location
    }

    static func compileAll(_ scope: KeywordScope) throws(SchemaError) -> [NumericBoundKeyword] {
        var keywords: [NumericBoundKeyword] = []
        let legacy = scope.draft == .draft4
        if scope.object["minimum"] != nil {
            let exclusive = legacy && scope.object["exclusiveMinimum"]?.boolValue == true
            keywords.append(
                NumericBoundKeyword(
                    bound: exclusive ? .exclusiveMinimum : .minimum, limit: try scope.number("minimum"),
                    location: scope.node.location(of: "minimum")))
        }
        if scope.object["maximum"] != nil {
            let exclusive = legacy && scope.object["exclusiveMaximum"]?.boolValue == true
            keywords.append(
                NumericBoundKeyword(
                    bound: exclusive ? .exclusiveMaximum : .maximum, limit: try scope.number("maximum"),
                    location: scope.node.location(of: "maximum")))
        }
        if !legacy {
            if scope.object["exclusiveMinimum"] != nil {
                keywords.append(
                    NumericBoundKeyword(
                        bound: .exclusiveMinimum, limit: try scope.number("exclusiveMinimum"),
                        location: scope.node.location(of: "exclusiveMinimum")))
            }
            if scope.object["exclusiveMaximum"] != nil {
                keywords.append(
                    NumericBoundKeyword(
                        bound: .exclusiveMaximum, limit: try scope.number("exclusiveMaximum"),
                        location: scope.node.location(of: "exclusiveMaximum")))
            }
        }
        return keywords
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        guard case .number(let number) = instance else { return true }
        let order = JSONNumber.compare(number, limit)
        switch bound {
        case .minimum:
            if order >= 0 { return true }
            context.fail(location, "\(number) is less than the minimum of \(limit)")
        case .maximum:
            if order <= 0 { return true }
            context.fail(location, "\(number) is greater than the maximum of \(limit)")
        case .exclusiveMinimum:
            if order > 0 { return true }
            context.fail(location, "\(number) must be greater than \(limit)")
        case .exclusiveMaximum:
            if order < 0 { return true }
            context.fail(location, "\(number) must be less than \(limit)")
        }
        return false
    }
}
