import QuarrySchema

/// Whether a reply stopped in a loop is continued from where the loop began instead of being
/// corrected: the next request ends with the recovered reply as the start of the assistant's
/// answer, written up to and including the array it looped in (one copy of the repeated item,
/// the array closed), and a grammar compiled for the rest of the document, so the model
/// writes only what is still missing.
///
/// A correction carries the recovered reply in the conversation and asks for the whole object
/// again: the model pays for that part twice more, once reading it and once copying it. A
/// continuation reads it once, as the start of its own answer, and writes only the rest; the
/// server's reply (llama.cpp repeats the start) is joined to the start
/// (`joined(_:after:)`), recovered and validated like any other.
///
/// The request is the first one's two messages, a user message saying where the reply looped
/// and what is still missing (``note(loopedAt:missing:)``), and the start as the assistant's
/// answer so far. It is made only when the request carries a compiled grammar (the grammar for
/// the rest needs one), another request follows it (the last request is always a correction:
/// it has the whole recovered reply and the list of what is missing in view, which measured
/// more reliable), the reply looped in an array
/// (``Repair/droppedRepeatedItems(pointer:count:item:)``),
/// and every error of the recovered reply is a missing required property or too few items of
/// an object or array still open there (`supplies(_:after:)`) — what the rest of the
/// document supplies. The array's last item, when the loop was still writing it and it lacks
/// required properties, is dropped first (``Repair/droppedIncompleteItem(pointer:item:)``).
/// Anything else gets a correction, and so does a continuation cut off again without looping
/// in an array.
///
/// On by default for compiled grammars. Measured on the example schemas' 124 eval cases with
/// SmolLM2-135M, replaying the recorded first replies so both ways start from the same ones:
/// 119 valid either way, 1 167 tokens per case against 1 215 with corrections only. Continuing
/// on the last request as well spent 1 148 but ended 116 valid: without the correction's
/// list in view the model loops in the next array and has no request left. Continuing after a
/// loop inside a string too (the string cut after the loop's first copy and closed) spent 1 174
/// and ended 116 valid; after loops of a few bytes only (`"0000…"`), 1 137 and 115: the
/// model went on to loop in the next item or field.
public enum CutOffContinuation: Sendable, Hashable {
    /// On for requests that carry a compiled grammar (``ExtractionPolicy/grammarCompilation``:
    /// the local llama.cpp server by default), off for the others (the default).
    case automatic
    /// Always correct a cut-off reply.
    case off
    /// Continue every loop-stopped reply that can be continued (only requests with a compiled
    /// grammar can be).
    case on

    /// Whether loop-stopped replies are continued, given whether requests carry a compiled grammar.
    func isOn(whenCompilingGrammar compilesGrammar: Bool) -> Bool {
        switch self {
        case .automatic, .on: return compilesGrammar
        case .off: return false
        }
    }

    /// The array the reply looped in: one whose repeated items were dropped and which was still
    /// open where the reply was cut (on the path of last members and items, no deeper than the
    /// brackets recovery closed) — not an earlier, closed array that merely held equal items.
    static func loopedArray(in repairs: [Repair], value: JSONValue) -> JSONPointer? {
        let open = IncompleteItemTrimming.openContainers(in: repairs)
        for case .droppedRepeatedItems(let text, _, _) in repairs.reversed() {
            if let pointer = try? JSONPointer(parsing: text), !pointer.tokens.isEmpty,
                pointer.tokens.count < open, pointer.resolve(in: value)?.arrayValue != nil,
                IncompleteItemTrimming.isOnCutPath(pointer, in: value)
            {
                return pointer
            }
        }
        return nil
    }

    /// Whether the rest of a document continued after `pointer` can mend every one of `errors`:
    /// each is a missing required property or too few items (`required`, `minItems`) of an
    /// object or array that encloses `pointer`, still open there.
    static func supplies(_ errors: [ValidationError], after pointer: JSONPointer) -> Bool {
        !errors.isEmpty
            && errors.allSatisfy { error in
                ["required", "minItems"].contains(error.keyword)
                    && error.instanceLocation.tokens.count < pointer.tokens.count
                    && pointer.tokens.starts(with: error.instanceLocation.tokens)
            }
    }

    /// `value` as compact JSON up to and including the value at `pointer`, with every object
    /// and array enclosing it left open: members after it are left out. `nil` when `pointer` is
    /// the root or names nothing in `value`.
    public static func prefix(of value: JSONValue, through pointer: JSONPointer) -> String? {
        guard !pointer.tokens.isEmpty else { return nil }
        return written(value, through: pointer.tokens[...])
    }

    private static func written(_ value: JSONValue, through path: ArraySlice<String>) -> String? {
        guard let token = path.first else { return value.serialized() }
        switch value {
        case .object(let object):
            guard let position = object.keys.firstIndex(of: token),
                let inner = written(object.values[position], through: path.dropFirst())
            else { return nil }
            let members = zip(object.keys[..<position], object.values[..<position]).map {
                JSONValue.string($0.0).serialized() + ":" + $0.1.serialized()
            }
            return "{" + (members + [JSONValue.string(token).serialized() + ":" + inner]).joined(separator: ",")
        case .array(let items):
            guard let index = Int(token), items.indices.contains(index),
                let inner = written(items[index], through: path.dropFirst())
            else { return nil }
            return "[" + (items[..<index].map { $0.serialized() } + [inner]).joined(separator: ",")
        default:
            return nil
        }
    }

    /// The user message before the start: where the reply looped and what is still missing,
    /// one line per error, as in ``CorrectivePrompt/conciseMessage(for:afterCutOff:)``.
    public static func note(loopedAt pointer: JSONPointer, missing errors: [ValidationError]) -> String {
        let lines = ["Your reply repeated itself in \(pointer) and was cut off there. Continue it; still to write:"]
        return (lines + CorrectivePrompt.conciseLines(for: errors)).joined(separator: "\n")
    }

    /// The whole reply to a continuation: `reply` as it is when the server repeated the start
    /// (llama.cpp does), otherwise the start followed by `reply`.
    static func joined(_ reply: String, after start: String) -> String {
        reply.hasPrefix(start) ? reply : start + reply
    }

    /// The attempt record's line for a continuation request.
    static func adjustment(after pointer: JSONPointer, bytes: Int) -> String {
        "continued after \(pointer) from the recovered reply (\(bytes) bytes written for the model; "
            + "a grammar for the rest)"
    }
}
