/// Whether a streamed reply that repeats itself is stopped early (see ``RepetitionDetector``).
///
/// Only providers that stream (``Provider/streamsReplies``: Chat Completions and compatible
/// servers) can stop a reply; for the others every setting means a plain request.
public enum LoopStopping: Sendable, Hashable {
    /// On for shaped requests (local grammar decoders, see ``RequestShaping``), off for the
    /// others (the default): a cloud model rarely loops, and streaming changes nothing there.
    case automatic
    /// Never stream to stop loops.
    case off
    /// Stream every request and stop it when this detector finds a loop.
    case detector(RepetitionDetector)

    /// The detector for a request, given whether it is shaped.
    func detector(whenShaped shaped: Bool) -> RepetitionDetector? {
        switch self {
        case .automatic: return shaped ? RepetitionDetector() : nil
        case .off: return nil
        case .detector(let detector): return detector
        }
    }
}
