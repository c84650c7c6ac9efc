import QuarrySchema

/// Re-asking only for the required properties an object lacks, and adding the answer to it.
///
/// A reply that was cut off, or stopped because it repeated itself, usually holds the first
/// fields of the object and lacks the rest. Regenerating the whole document costs its prompt
/// and its reply again, and a small model often loops at the same place; asking for the
/// missing fields alone, with an object schema of just those properties, costs a few dozen
/// output tokens.
public enum MissingPropertiesCorrection {
    /// What to re-ask for.
    public struct Target: Sendable, Hashable {
        /// The object that lacks the properties.
        public var pointer: JSONPointer
        /// The missing properties, in the order of the schema's `required`.
        public var names: [String]
        /// The schema of the answer: an object of only those properties, all required, no
        /// others allowed (with the root's `$defs` attached when it has references).
        public var schema: JSONValue
    }

    /// The target when every error is a `required` failure of one and the same object of
    /// `value`, and that object's schema can be found in `document` (along `properties`,
    /// `items` and local `$ref`s); `nil` otherwise.
    public static func target(for errors: [ValidationError], in value: JSONValue, schema document: JSONValue)
        -> Target?
    {
        guard let first = errors.first,
            errors.allSatisfy({ $0.keyword == "required" && $0.instanceLocation == first.instanceLocation }),
            let object = first.instanceLocation.resolve(in: value)?.objectValue,
            let objectSchema = SubtreeCorrection.subschema(along: first.instanceLocation.tokens, in: document)?
                .objectValue,
            let properties = objectSchema["properties"]?.objectValue,
            let required = objectSchema["required"]?.arrayValue
        else { return nil }
        var missing = JSONObject()
        for name in required.compactMap(\.stringValue) where !object.contains(key: name) {
            guard let property = properties[name] else { return nil }
            missing[name] = property
        }
        guard !missing.isEmpty else { return nil }
        let schema: JSONValue = [
            "type": "object", "properties": .object(missing), "required": .array(missing.keys.map { .string($0) }),
            "additionalProperties": false,
        ]
        return Target(
            pointer: first.instanceLocation, names: missing.keys,
            schema: SubtreeCorrection.attachingDefinitions(to: schema, from: document))
    }

    /// The request message asking for the missing properties alone; for an object below the
    /// root, its `current` value too, so the model knows which one is meant.
    public static func message(for target: Target, current: JSONValue? = nil) -> String {
        let fields = target.names.count == 1 ? "this field" : "these fields"
        let ask = "Reply with a JSON object of only \(fields), taken from the text."
        guard target.pointer != .root else {
            return "Your reply lacks \(fields): \(target.names.joined(separator: ", ")). \(ask)"
        }
        var lines = [
            "The object at \(target.pointer) in your reply lacks \(fields): \(target.names.joined(separator: ", "))."
        ]
        if let current { lines.append("It is now: \(current.serialized())") }
        lines.append(ask)
        return lines.joined(separator: "\n")
    }

    /// `value` with the answer's members for the missing properties added to the object at the
    /// target's pointer; `nil` when the answer is not an object or the object is gone.
    public static func merge(_ answer: JSONValue, for target: Target, into value: JSONValue) -> JSONValue? {
        guard let members = answer.objectValue, var object = target.pointer.resolve(in: value)?.objectValue else {
            return nil
        }
        for name in target.names {
            if let member = members[name] { object[name] = member }
        }
        return SubtreeCorrection.merge(.object(object), at: target.pointer, into: value)
    }
}
