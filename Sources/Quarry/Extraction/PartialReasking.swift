/// Whether a correction asks only for the part of a reply that fails and merges the answer
/// back, instead of asking for the whole object again.
///
/// The part is the required properties one object lacks (``MissingPropertiesCorrection``:
/// what a loop-stopped reply usually misses, once the item the loop was still writing is
/// dropped), or else the smallest subtree holding every error, with its subschema
/// (``SubtreeCorrection``). A reply cut at the output limit is still corrected whole, and an
/// answer that does not fit falls back to a whole correction.
public enum PartialReasking: Sendable, Hashable {
    /// On for shaped requests (small models on local grammar decoders, see
    /// ``RequestShaping``), off for the others (the default): a small model answers a short
    /// question about a few fields far better than it rewrites a whole nested object, and each
    /// such request costs a fraction of the tokens.
    case automatic
    /// Always correct the whole reply.
    case off
    /// Ask for the failing part whenever one can be isolated, whatever the provider.
    case on

    /// Whether partial re-asks are made, given whether requests are shaped.
    func isOn(whenShaped shaped: Bool) -> Bool {
        switch self {
        case .automatic: return shaped
        case .off: return false
        case .on: return true
        }
    }
}
