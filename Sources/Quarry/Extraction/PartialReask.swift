import QuarrySchema

/// A correction that asks for part of a reply only (``ExtractionPolicy/partialReasking``):
/// what to ask for, the reply the answer goes back into, and that reply's errors.
struct PartialReask {
    /// What is asked for.
    enum Part {
        /// Only required properties are missing from one object: ask for those.
        case missingProperties(MissingPropertiesCorrection.Target)
        /// Every error is inside one subtree: ask for that subtree again.
        case subtree(SubtreeCorrection.Target)
    }

    let part: Part
    /// The reply the answer is merged into.
    let base: JSONValue
    /// The base's validation errors, for the ask and for a whole correction if the answer fails.
    let errors: [ValidationError]

    /// The partial correction for `errors` in `value`, if one fits: missing properties first
    /// (looked up in the schema sent, so loop caps stay on), then the failing subtree.
    static func choose(for errors: [ValidationError], in value: JSONValue, original: JSONValue, sent: JSONValue)
        -> PartialReask?
    {
        if let target = MissingPropertiesCorrection.target(for: errors, in: value, schema: sent) {
            return PartialReask(part: .missingProperties(target), base: value, errors: errors)
        }
        if let target = SubtreeCorrection.target(for: errors, in: original) {
            return PartialReask(part: .subtree(target), base: value, errors: errors)
        }
        return nil
    }

    /// The user message of the request.
    func message(includesSchema: Bool) -> String {
        var text: String
        switch part {
        case .missingProperties(let target):
            text = MissingPropertiesCorrection.message(for: target, current: target.pointer.resolve(in: base))
        case .subtree(let target):
            text = SubtreeCorrection.message(for: target, current: target.pointer.resolve(in: base), errors: errors)
        }
        if includesSchema { text += "\nIts JSON Schema:\n\(schema.serialized())" }
        return text
    }

    /// The schema of the answer, before shaping.
    var schema: JSONValue {
        switch part {
        case .missingProperties(let target): return target.schema
        case .subtree(let target): return target.schema
        }
    }

    /// Where the answer goes in the base: the object that lacks the properties, or the subtree.
    var pointer: JSONPointer {
        switch part {
        case .missingProperties(let target): return target.pointer
        case .subtree(let target): return target.pointer
        }
    }

    /// Whether an answer cut off at the output limit can still be merged: adding the missing
    /// properties it completed loses nothing, but a cut-off subtree would replace a whole one.
    var acceptsCutOffAnswers: Bool {
        if case .missingProperties = part { return true }
        return false
    }

    /// `repairs` made to an answer, with their pointers made pointers into the whole reply.
    func rebased(_ repairs: [Repair]) -> [Repair] {
        let prefix = pointer
        guard prefix != .root else { return repairs }
        return repairs.map { repair in
            switch repair {
            case .droppedRepeatedItems(let pointer, let count, let item):
                guard let inner = try? JSONPointer(parsing: pointer) else { return repair }
                return .droppedRepeatedItems(pointer: prefix.appending(inner).description, count: count, item: item)
            default:
                return repair
            }
        }
    }

    /// The line recorded in the attempt's request adjustments.
    var adjustment: String {
        switch part {
        case .missingProperties(let target):
            let place = pointer == .root ? "" : " of \(pointer)"
            return "re-asked for the missing \(target.names.joined(separator: ", "))\(place) only"
        case .subtree:
            return "re-asked for \(pointer) only"
        }
    }

    /// The base with `answer` merged in; `nil` when the answer does not fit (not the shape
    /// asked for, or, for missing properties, none of them).
    func merged(_ answer: JSONValue) -> JSONValue? {
        switch part {
        case .missingProperties(let target):
            guard let members = answer.objectValue, target.names.contains(where: { members[$0] != nil }) else {
                return nil
            }
            return MissingPropertiesCorrection.merge(answer, for: target, into: base)
        case .subtree(let target):
            return SubtreeCorrection.merge(answer, at: target.pointer, into: base)
        }
    }
}
