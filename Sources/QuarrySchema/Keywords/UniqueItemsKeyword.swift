/// `uniqueItems`: no two items are equal (JSON equality).
final class UniqueItemsKeyword: Keyword {
    let location: KeywordLocation

    /// `nil` for `uniqueItems: false`, which asserts nothing.
    init?(_ scope: KeywordScope) throws(SchemaError) {
        guard case .bool(let unique)? = scope.object["uniqueItems"] else {
            throw scope.invalid("uniqueItems", "'uniqueItems' must be a boolean")
        }
        guard unique else { return nil }
        location = scope.node.location(of: "uniqueItems")
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        guard case .array(let elements) = instance, elements.count > 1 else { return true }
        if elements.count <= 16 {
            for first in elements.indices {
                for second in (first + 1)..<elements.count where elements[first] == elements[second] {
                    context.fail(
                        location,
                        "items \(first) and \(second) are equal (\(elements[first].briefDescription)); items must be unique"
                    )
                    return false
                }
            }
            return true
        }
        var seen: [JSONValue: Int] = [:]
        seen.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            if let first = seen[element] {
                context.fail(
                    location,
                    "items \(first) and \(index) are equal (\(element.briefDescription)); items must be unique")
                return false
            }
            seen[element] = index
        }
        return true
    }
}
