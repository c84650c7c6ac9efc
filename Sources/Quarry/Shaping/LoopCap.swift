import QuarrySchema

/// After a reply looped in an array (its repeated items dropped by ``TruncatedReplyRecovery``),
/// the next request caps that array at the items the reply really had; after one looped inside
/// a string, it caps that string's length where the loop began. The grammar then closes the
/// array or string there, and the model goes on to the fields after it instead of looping
/// again. The sent schema changes only; validation still uses the original.
enum LoopCap {
    /// What is capped.
    enum Limit {
        /// An array's items (`maxItems`, never below `minItems`).
        case items
        /// A string's length (`maxLength`, never below `minLength`).
        case length

        var keywords: (maximum: String, minimum: String) {
            switch self {
            case .items: return ("maxItems", "minItems")
            case .length: return ("maxLength", "minLength")
            }
        }
    }

    /// `schema` with the `limit` set to `count` on the subschema that describes the instance
    /// at `pointer`, or `nil` when the pointer cannot be followed through `properties`,
    /// `items` and local `$ref`s.
    static func capping(_ schema: JSONValue, at pointer: JSONPointer, _ limit: Limit = .items, count: Int)
        -> JSONValue?
    {
        cap(schema, root: schema, tokens: pointer.tokens[...], limit: limit, count: count, depth: 0)
    }

    private static func cap(
        _ schema: JSONValue, root: JSONValue, tokens: ArraySlice<String>, limit: Limit, count: Int, depth: Int
    ) -> JSONValue? {
        guard depth < 32, case .object(var keywords) = schema else { return nil }
        if let reference = keywords["$ref"]?.stringValue {
            // Cap through a reference by rewriting the target in place would change every use
            // of it; inline a capped copy here instead.
            guard reference.hasPrefix("#"), let target = try? JSONPointer(fragment: String(reference.dropFirst())),
                let resolved = target.resolve(in: root)
            else { return nil }
            return cap(resolved, root: root, tokens: tokens, limit: limit, count: count, depth: depth + 1)
        }
        guard let token = tokens.first else {
            let minimum = keywords[limit.keywords.minimum]?.numberValue?.intValue ?? 0
            keywords[limit.keywords.maximum] = .number(JSONNumber(max(count, minimum)))
            return .object(keywords)
        }
        let rest = tokens.dropFirst()
        if let child = keywords["properties"]?[token], var properties = keywords["properties"]?.objectValue {
            guard let capped = cap(child, root: root, tokens: rest, limit: limit, count: count, depth: depth + 1) else {
                return nil
            }
            properties[token] = capped
            keywords["properties"] = .object(properties)
            return .object(keywords)
        }
        if Int(token) != nil, let items = keywords["items"] {
            guard let capped = cap(items, root: root, tokens: rest, limit: limit, count: count, depth: depth + 1) else {
                return nil
            }
            keywords["items"] = capped
            return .object(keywords)
        }
        return nil
    }
}
