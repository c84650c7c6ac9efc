/// `minLength` and `maxLength`, counted in Unicode code points as the specification requires.
final class StringLengthKeyword: Keyword {
    let isMinimum: Bool
    let limit: Int
    let location: KeywordLocation

    init(isMinimum: Bool, limit: Int, location: KeywordLocation) {
        self.isMinimum = isMinimum
        self.limit = limit
        self.location = location
    }

    static func compileAll(_ scope: KeywordScope) throws(SchemaError) -> [StringLengthKeyword] {
        var keywords: [StringLengthKeyword] = []
        if scope.object["minLength"] != nil {
            keywords.append(
                StringLengthKeyword(
                    isMinimum: true, limit: try scope.nonNegativeInteger("minLength"),
                    location: scope.node.location(of: "minLength")))
        }
        if scope.object["maxLength"] != nil {
            keywords.append(
                StringLengthKeyword(
                    isMinimum: false, limit: try scope.nonNegativeInteger("maxLength"),
                    location: scope.node.location(of: "maxLength")))
        }
        return keywords
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        guard case .string(let string) = instance else { return true }
        let bytes = string.utf8.count
        if isMinimum {
            // A code point takes one to four bytes: decide from the byte count when possible.
            if bytes / 4 >= limit { return true }
            if bytes < limit {
                context.fail(location, "\(instance.briefDescription) is shorter than the minimum length of \(limit)")
                return false
            }
            let length = string.unicodeScalars.count
            if length >= limit { return true }
            context.fail(location, "\(instance.briefDescription) is shorter than the minimum length of \(limit)")
            return false
        }
        if bytes <= limit { return true }
        let length = string.unicodeScalars.count
        if length <= limit { return true }
        context.fail(location, "\(instance.briefDescription) is longer than the maximum length of \(limit) (\(length))")
        return false
    }
}
