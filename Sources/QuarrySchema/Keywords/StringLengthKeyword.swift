/// `minLength` and `maxLength`, counted in Unicode code points as the specification requires.
final class StringLengthKeyword: CountLimitKeyword, Keyword, @unchecked Sendable {
    static func compileAll(_ scope: KeywordScope) throws(SchemaError) -> [StringLengthKeyword] {
        try compilePair(scope, minimum: "minLength", maximum: "maxLength")
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        guard case .string(let string) = instance else { return true }
        let bytes = string.utf8.count
        if isMinimum {
            // A code point takes one to four bytes: decide from the byte count when possible.
            if bytes / 4 >= limit { return true }
            if bytes < limit {
                context.fail(
                    location, "\(instance.briefDescription) is shorter than the minimum length of \(self.limit)")
                return false
            }
            let length = string.unicodeScalars.count
            if length >= limit { return true }
            context.fail(location, "\(instance.briefDescription) is shorter than the minimum length of \(self.limit)")
            return false
        }
        if bytes <= limit { return true }
        let length = string.unicodeScalars.count
        if length <= limit { return true }
        context.fail(
            location, "\(instance.briefDescription) is longer than the maximum length of \(self.limit) (\(length))")
        return false
    }
}
