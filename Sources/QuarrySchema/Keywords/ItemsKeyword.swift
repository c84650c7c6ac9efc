/// The item keywords, evaluated together: `prefixItems` and `items` (2020-12), or array-form
/// `items` with `additionalItems` (earlier drafts), or schema-form `items` for every item.
final class ItemsKeyword: Keyword {
    /// Schemas for the first items, by position.
    let prefix: [SchemaNode]
    /// The schema for items after the prefix.
    let rest: SchemaNode?
    let prefixKeyword: String
    let restKeyword: String
    let restLocation: KeywordLocation

    /// `nil` when nothing applies (for example `additionalItems` without array-form `items`).
    init?(_ scope: KeywordScope) throws(SchemaError) {
        if scope.draft >= .draft2020_12 {
            prefix = scope.object["prefixItems"] != nil ? try scope.subschemaArray("prefixItems") : []
            rest = scope.object["items"] != nil ? try scope.subschema("items") : nil
            prefixKeyword = "prefixItems"
            restKeyword = "items"
        } else {
            switch scope.object["items"] {
            case .array?:
                prefix = try scope.subschemaArray("items", allowEmpty: true)
                rest = scope.object["additionalItems"] != nil ? try scope.subschema("additionalItems") : nil
                restKeyword = "additionalItems"
            case nil:
                return nil
            default:
                prefix = []
                rest = try scope.subschema("items")
                restKeyword = "items"
            }
            prefixKeyword = "items"
        }
        if prefix.isEmpty, rest == nil { return nil }
        restLocation = scope.node.location(of: restKeyword)
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        guard case .array(let elements) = instance else { return true }
        var valid = true
        let prefixCount = min(prefix.count, elements.count)
        for index in 0..<prefixCount {
            context.pushKeyword(prefixKeyword, String(index))
            context.pushInstance(index)
            let passed = prefix[index].validateChild(elements[index], &context)
            context.popInstance()
            context.popKeyword(2)
            if !passed {
                valid = false
                if !context.collectsErrors { return false }
            }
        }
        if context.tracksAnnotations {
            for index in 0..<prefixCount { evaluated.markItem(index, of: elements.count) }
        }
        guard let rest, elements.count > prefixCount else { return valid }
        if rest.constant == false {
            context.pushInstance(prefixCount)
            context.fail(
                restLocation,
                prefixCount == 0
                    ? "the array must be empty but has \(pluralized(elements.count, "item"))"
                    : "the array has \(pluralized(elements.count, "item")); at most \(prefixCount) are allowed")
            context.popInstance()
            return false
        }
        context.pushKeyword(restKeyword)
        for index in prefixCount..<elements.count {
            context.pushInstance(index)
            let passed = rest.validateChild(elements[index], &context)
            context.popInstance()
            if !passed {
                valid = false
                if !context.collectsErrors {
                    context.popKeyword()
                    return false
                }
            }
        }
        context.popKeyword()
        if context.tracksAnnotations { evaluated.allItems = true }
        return valid
    }
}
