/// A change made to a reply before it was validated. Every repair is recorded in the attempt,
/// and whatever a repair removes is kept in it (the dropped tail, repeats or item).
public enum Repair: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A Markdown code fence around the JSON was removed.
    case removedCodeFence
    /// Text before or after the JSON value was removed (kept here verbatim).
    case removedSurroundingText(before: String, after: String)
    /// A trailing comma before `}` or `]` was removed at this byte offset.
    case removedTrailingComma(offset: Int)
    /// The reply was a JSON string holding the JSON value; it was unwrapped.
    case unwrappedJSONString
    /// A `null` the schema does not allow was removed from an optional property (strict
    /// structured-output modes make every property required and nullable, so models send
    /// `null` for "absent").
    case removedNullOptionalProperty(pointer: String)
    /// The reply was cut off at the output limit: the incomplete tail (kept here) was dropped
    /// and the objects and arrays still open were closed with `closers`.
    case closedTruncatedReply(droppedTail: String, closers: String)
    /// In a reply cut off at the output limit, `count` repeats of one item (kept here as JSON)
    /// were dropped from the array at `pointer`: the model was looping.
    case droppedRepeatedItems(pointer: String, count: Int, item: String)
    /// In a reply stopped because it repeated itself, the last item of the array at `pointer`
    /// (kept here as JSON) was dropped: it was still open at the stop and lacks required
    /// properties (with ``ExtractionPolicy/partialReasking`` or
    /// ``ExtractionPolicy/cutOffContinuation``).
    case droppedIncompleteItem(pointer: String, item: String)
    /// From the array at `pointer`, whose schema says `uniqueItems`, the later copies of equal
    /// items (kept here as JSON, in order) were dropped (shaped requests: the decoder does not
    /// enforce `uniqueItems`).
    case droppedDuplicateItems(pointer: String, items: [String])

    /// A sentence describing the repair.
    public var description: String {
        switch self {
        case .removedCodeFence: return "removed a Markdown code fence around the JSON"
        case .removedSurroundingText(let before, let after):
            return "removed text around the JSON (before: \(before.debugDescription), after: \(after.debugDescription))"
        case .removedTrailingComma(let offset): return "removed a trailing comma at byte \(offset)"
        case .unwrappedJSONString: return "unwrapped JSON that was sent as a string"
        case .removedNullOptionalProperty(let pointer): return "removed null from the optional property \(pointer)"
        case .closedTruncatedReply(let tail, let closers):
            return
                "closed a reply cut off at the output limit with \(closers.debugDescription), dropping its incomplete tail \(tail.prefix(80).debugDescription)"
        case .droppedRepeatedItems(let pointer, let count, let item):
            return "dropped \(count) repeats of \(item.prefix(60)) from \(pointer.isEmpty ? "(root)" : pointer)"
        case .droppedIncompleteItem(let pointer, let item):
            return "dropped the incomplete last item \(item.prefix(60)) from \(pointer.isEmpty ? "(root)" : pointer)"
        case .droppedDuplicateItems(let pointer, let items):
            let shown = items.map { String($0.prefix(40)) }.joined(separator: ", ")
            return "dropped \(items.count) duplicate item(s) \(shown) from \(pointer.isEmpty ? "(root)" : pointer)"
        }
    }
}
