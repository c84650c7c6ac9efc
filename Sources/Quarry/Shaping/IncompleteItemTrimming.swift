import QuarrySchema

/// Drops the array item a cut-off reply was still writing when it lacks required properties,
/// so that what is left to ask for is only the fields the reply never reached.
///
/// The cut runs along the last member of every object and the last item of every array, from
/// the root down; only an item on that path is dropped, never one the model finished. Each
/// dropped item is kept in a ``Repair/droppedIncompleteItem(pointer:item:)``.
enum IncompleteItemTrimming {
    /// `value` without the incomplete items `errors` show on the cut path, and a repair for
    /// each; `nil` when there is none.
    static func trimmed(_ value: JSONValue, errors: [ValidationError]) -> (value: JSONValue, repairs: [Repair])? {
        let incomplete = Set(errors.filter { $0.keyword == "required" }.map(\.instanceLocation))
        var result = value
        var repairs: [Repair] = []
        // Deepest first, so removing an item does not move another one still to be removed.
        for pointer in incomplete.sorted(by: { $0.tokens.count > $1.tokens.count }) {
            guard let last = pointer.tokens.last, let index = Int(last), isOnCutPath(pointer, in: result),
                var items = pointer.parent.resolve(in: result)?.arrayValue, index == items.count - 1,
                let trimmed = SubtreeCorrection.merge(.array(Array(items.dropLast())), at: pointer.parent, into: result)
            else { continue }
            let item = items.removeLast()
            result = trimmed
            repairs.append(.droppedIncompleteItem(pointer: pointer.parent.description, item: item.serialized()))
        }
        return repairs.isEmpty ? nil : (result, repairs)
    }

    /// Whether every step of `pointer` goes to the last member or item of its container.
    private static func isOnCutPath(_ pointer: JSONPointer, in value: JSONValue) -> Bool {
        var current = value
        for token in pointer.tokens {
            switch current {
            case .object(let object):
                guard object.keys.last == token, let next = object[token] else { return false }
                current = next
            case .array(let items):
                guard let index = Int(token), index == items.count - 1 else { return false }
                current = items[index]
            default:
                return false
            }
        }
        return true
    }
}
