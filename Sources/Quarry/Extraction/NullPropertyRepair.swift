import QuarrySchema

/// Removes `null` members that the schema rejects, and keeps the result only if it validates
/// with fewer errors — so a `null` in a required property (whose removal would add a
/// "missing" error) stays and goes to the corrective loop.
///
/// Strict structured-output modes (OpenAI `strict: true`) make every property required and
/// nullable, so a model says "absent" with `null`; the original schema may say "optional,
/// never null". Dropping such a `null` loses nothing: absent and `null` carry the same fact.
enum NullPropertyRepair {
    static func apply(_ value: JSONValue, errors: [ValidationError], schema: Schema) -> (
        JSONValue, [Repair], [ValidationError]
    )? {
        var candidates: [JSONPointer] = []
        for error in errors where !error.instanceLocation.tokens.isEmpty {
            if error.instanceLocation.resolve(in: value) == .null, !candidates.contains(error.instanceLocation) {
                candidates.append(error.instanceLocation)
            }
        }
        guard !candidates.isEmpty else { return nil }
        var repaired = value
        for pointer in candidates { repaired = removing(pointer, from: repaired) }
        let remaining = schema.validate(repaired).errors
        guard remaining.count < errors.count else { return nil }
        return (repaired, candidates.map { .removedNullOptionalProperty(pointer: $0.description) }, remaining)
    }

    /// `value` without the object member at `pointer` (array elements are left alone).
    static func removing(_ pointer: JSONPointer, from value: JSONValue) -> JSONValue {
        guard let first = pointer.tokens.first else { return value }
        let rest = JSONPointer(tokens: Array(pointer.tokens.dropFirst()))
        switch value {
        case .object(var object):
            if rest.tokens.isEmpty {
                object[first] = nil
            } else if let child = object[first] {
                object[first] = removing(rest, from: child)
            }
            return .object(object)
        case .array(var elements):
            guard !rest.tokens.isEmpty, let index = Int(first), elements.indices.contains(index) else { return value }
            elements[index] = removing(rest, from: elements[index])
            return .array(elements)
        default:
            return value
        }
    }
}
