/// `enum`: the instance equals one of the listed values (JSON equality: `1.0` equals `1`).
final class EnumKeyword: Keyword {
    let values: [JSONValue]
    let valueSet: Set<JSONValue>?
    let location: KeywordLocation

    init(_ scope: KeywordScope) throws(SchemaError) {
        guard case .array(let values)? = scope.object["enum"] else {
            throw scope.invalid("enum", "'enum' must be an array of values")
        }
        self.values = values
        valueSet = values.count > 8 ? Set(values) : nil
        location = scope.node.location(of: "enum")
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        let found = valueSet.map { $0.contains(instance) } ?? values.contains(instance)
        if !found {
            let listed = values.prefix(12).map(\.briefDescription).joined(separator: ", ")
            context.fail(
                location, "\(instance.briefDescription) is not one of \(listed)\(values.count > 12 ? ", …" : "")")
        }
        return found
    }
}
