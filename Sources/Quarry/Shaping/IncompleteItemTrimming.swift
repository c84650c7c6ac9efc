import QuarrySchema

/// Drops the array item a reply stopped in a loop was still writing when it lacks required
/// properties, so that what is left to ask for is only the fields the reply never reached.
///
/// Only an item that was still open where the reply was cut is dropped: one on the path of
/// last members and last items from the root, no deeper than the brackets recovery had to
/// close. An item the model closed itself is never dropped. Each dropped item is kept in a
/// ``Repair/droppedIncompleteItem(pointer:item:)``.
enum IncompleteItemTrimming {
    /// `value` without the items `errors` show incomplete among those still open at the cut
    /// (`openContainers`: how many objects and arrays recovery closed, root included), and a
    /// repair for each; `nil` when there is none. When the cut-off text was an answer merged
    /// into `value` at `root` (a partial re-ask), the cut path starts there.
    static func trimmed(
        _ value: JSONValue, errors: [ValidationError], openContainers: Int, under root: JSONPointer = .root
    ) -> (value: JSONValue, repairs: [Repair])? {
        let incomplete = Set(errors.filter { $0.keyword == "required" }.map(\.instanceLocation))
        var result = value
        var repairs: [Repair] = []
        // Deepest first, so removing an item does not move another one still to be removed.
        for pointer in incomplete.sorted(by: { $0.tokens.count > $1.tokens.count }) {
            // The item and every container above it, up to the answer's root, were still open.
            let depth = pointer.tokens.count - root.tokens.count
            guard depth >= 1, pointer.tokens.starts(with: root.tokens), depth + 1 <= openContainers,
                let last = pointer.tokens.last, let index = Int(last),
                let answer = root.resolve(in: result),
                isOnCutPath(JSONPointer(tokens: Array(pointer.tokens.dropFirst(root.tokens.count))), in: answer),
                var items = pointer.parent.resolve(in: result)?.arrayValue, index == items.count - 1,
                let trimmed = SubtreeCorrection.merge(
                    .array(Array(items.dropLast())), at: pointer.parent, into: result)
            else { continue }
            let item = items.removeLast()
            result = trimmed
            repairs.append(.droppedIncompleteItem(pointer: pointer.parent.description, item: item.serialized()))
        }
        return repairs.isEmpty ? nil : (result, repairs)
    }

    /// How many objects and arrays recovery closed, from its repair (0 when it closed none).
    static func openContainers(in repairs: [Repair]) -> Int {
        for case .closedTruncatedReply(_, let closers) in repairs { return closers.count }
        return 0
    }

    /// Whether every step of `pointer` goes to the last member or item of its container.
    static func isOnCutPath(_ pointer: JSONPointer, in value: JSONValue) -> Bool {
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
