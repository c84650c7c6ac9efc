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
    /// ``RequestShaping``), off for the others. Each such request costs a fraction of a whole
    /// correction, but a small model loops in its answers too, and three attempts then run out
    /// sooner: measured on the example schemas' cases with SmolLM2-135M, tokens per case fell
    /// and so did the valid rate, so this is not the default yet.
    case automatic
    /// Always correct the whole reply (the default).
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
