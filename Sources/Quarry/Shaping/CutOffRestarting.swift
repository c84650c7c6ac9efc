import QuarrySchema

/// Whether a reply that was cut off — stopped in a loop, or at the output limit — and lacks
/// nothing but what the decoder will enforce is followed by the first request again, with the
/// loop capped, instead of a correction.
///
/// Under a grammar a small model cannot leave out a required property; it only runs out of
/// room before it gets there, usually because it looped. A correction then costs the cut-off
/// reply and a list of missing properties in its prompt, neither of which the next reply
/// needs: the grammar requires those properties anyway, and the cap placed on the array or
/// string the reply looped in is what moves the model past the loop. Sent again
/// as it was, the request costs its first prompt only; at temperature 0 the model writes the
/// same start, the cap ends the loop where it began, and the reply goes on to the rest.
///
/// The restart is made only when every error of the recovered reply is a missing required
/// property or too few items (`required`, `minItems`) and a cap was just placed or the output
/// limit just grew; any other error gets a correction, since the same request would make it
/// again.
///
/// Off by default. Measured on 34 of the example schemas' cases with SmolLM2-135M, restarts
/// saved tokens (each costs the first prompt only) but fewer cases ended valid: sent again,
/// the model takes the same path, and past the capped loop it often falls into the next one,
/// where a correction's different context sends it down another path.
public enum CutOffRestarting: Sendable, Hashable {
    /// On for shaped requests in constrained mode (local grammar decoders, see
    /// ``RequestShaping``), off for the others.
    case automatic
    /// Always correct a cut-off reply (the conversation carries what was recovered from it;
    /// the default).
    case off
    /// Restart after every cut-off reply that lacks only what the decoder enforces.
    case on

    /// Whether cut-off replies restart the request, given whether requests are shaped and
    /// constrained by the provider's decoder.
    func isOn(whenShapedAndConstrained shapedAndConstrained: Bool) -> Bool {
        switch self {
        case .automatic: return shapedAndConstrained
        case .off: return false
        case .on: return true
        }
    }

    /// The errors a restart can mend: a decoder that enforces the sent schema writes the
    /// missing properties and items itself once it gets past the loop.
    static func mends(_ errors: [ValidationError]) -> Bool {
        !errors.isEmpty && errors.allSatisfy { ["required", "minItems"].contains($0.keyword) }
    }
}
