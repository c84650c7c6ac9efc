import QuarrySchema

/// Drops the later copies of equal items from each array whose `uniqueItems` failed, and keeps
/// the result only if it validates with fewer errors.
///
/// A grammar decoder cannot enforce `uniqueItems`, and a small model lists a skill or a tag
/// twice (`["Python", "SQL", "Python"]`) as readily as it repeats a line item in a loop. A copy
/// carries no fact the first one does not, so dropping it loses nothing; each array's dropped
/// copies are kept in the ``Repair/droppedDuplicateItems(pointer:items:)`` recorded in the
/// attempt. Used for shaped requests (see ``RequestShaping``), like the other repairs of
/// small-model replies.
enum DuplicateItemRepair {
    static func apply(_ value: JSONValue, errors: [ValidationError], schema: Schema) -> (
        JSONValue, [Repair], [ValidationError]
    )? {
        var pointers: [JSONPointer] = []
        for error in errors where error.keyword == "uniqueItems" && !pointers.contains(error.instanceLocation) {
            pointers.append(error.instanceLocation)
        }
        guard !pointers.isEmpty else { return nil }
        // Deepest first, so removing an outer array's items never moves an inner one; the
        // repairs are recorded in this order.
        pointers.sort {
            $0.tokens.count != $1.tokens.count ? $0.tokens.count > $1.tokens.count : $0.description < $1.description
        }
        var repaired = value
        var repairs: [Repair] = []
        for pointer in pointers {
            guard let items = pointer.resolve(in: repaired)?.arrayValue else { continue }
            var seen: Set<JSONValue> = []
            var kept: [JSONValue] = []
            var dropped: [JSONValue] = []
            for item in items {
                if seen.insert(item).inserted { kept.append(item) } else { dropped.append(item) }
            }
            guard !dropped.isEmpty, let merged = SubtreeCorrection.merge(.array(kept), at: pointer, into: repaired)
            else { continue }
            repaired = merged
            repairs.append(.droppedDuplicateItems(pointer: pointer.description, items: dropped.map { $0.serialized() }))
        }
        guard !repairs.isEmpty else { return nil }
        let remaining = schema.validate(repaired).errors
        guard remaining.count < errors.count else { return nil }
        return (repaired, repairs, remaining)
    }
}
