import QuarrySchema

/// A correction that asks for part of a reply only (``ExtractionPolicy/reasksFailingSubtrees``),
/// and the reply the answer goes back into.
enum PartialReask {
    /// Only required properties are missing from one object: ask for those.
    case missingProperties(MissingPropertiesCorrection.Target, base: JSONValue)
    /// Every error is inside one subtree: ask for that subtree again.
    case subtree(SubtreeCorrection.Target, base: JSONValue)

    /// The partial correction for `errors` in `value`, if one fits: missing properties first
    /// (looked up in the schema sent, so loop caps stay on), then the failing subtree.
    static func choose(for errors: [ValidationError], in value: JSONValue, original: JSONValue, sent: JSONValue)
        -> PartialReask?
    {
        if let target = MissingPropertiesCorrection.target(for: errors, in: value, schema: sent) {
            return .missingProperties(target, base: value)
        }
        if let target = SubtreeCorrection.target(for: errors, in: original) {
            return .subtree(target, base: value)
        }
        return nil
    }

    /// The user message of the request.
    func message(errors: [ValidationError], includesSchema: Bool) -> String {
        var text: String
        switch self {
        case .missingProperties(let target, _):
            text = MissingPropertiesCorrection.message(for: target)
        case .subtree(let target, let base):
            text = SubtreeCorrection.message(for: target, current: target.pointer.resolve(in: base), errors: errors)
        }
        if includesSchema { text += "\nIts JSON Schema:\n\(schema.serialized())" }
        return text
    }

    /// The schema of the answer, before shaping.
    var schema: JSONValue {
        switch self {
        case .missingProperties(let target, _): return target.schema
        case .subtree(let target, _): return target.schema
        }
    }

    /// The reply the answer is merged into.
    var base: JSONValue {
        switch self {
        case .missingProperties(_, let base), .subtree(_, let base): return base
        }
    }

    /// The line recorded in the attempt's request adjustments.
    var adjustment: String {
        switch self {
        case .missingProperties(let target, _):
            let place = target.pointer == .root ? "" : " of \(target.pointer)"
            return "re-asked for the missing \(target.names.joined(separator: ", "))\(place) only"
        case .subtree(let target, _):
            return "re-asked for \(target.pointer) only"
        }
    }

    /// The base with `answer` merged in; `nil` when the answer does not fit.
    func merged(_ answer: JSONValue) -> JSONValue? {
        switch self {
        case .missingProperties(let target, let base):
            return MissingPropertiesCorrection.merge(answer, for: target, into: base)
        case .subtree(let target, let base):
            return SubtreeCorrection.merge(answer, at: target.pointer, into: base)
        }
    }
}
