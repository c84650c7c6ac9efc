import QuarrySchema

/// Whether a reply that was cut off — stopped in a loop, or at the output limit — and lacks
/// nothing but what the decoder will enforce is followed by the first request again, with a
/// note on the loop and the loop capped, instead of a correction.
///
/// Under a grammar a small model cannot leave out a required property; it only runs out of
/// room before it gets there, usually because it looped. A correction then carries the
/// recovered reply and a list of the missing properties; a restart carries the first request's
/// two messages and one line (``note(loopedAt:)``), and the cap placed on the array or string
/// the reply looped in moves the model past the loop. It costs the first prompt and a sentence.
///
/// The restart is made only when every error of the recovered reply is a missing required
/// property or too few items (`required`, `minItems`) and a cap was just placed or the output
/// limit just grew; any other error gets a correction, since the same request would make it
/// again.
///
/// Off by default. Measured on 34 of the example schemas' cases with SmolLM2-135M, restarts
/// saved 3–5 % of the tokens and ended fewer cases valid (27 of 34 with the note, 26 without
/// it, against the default's 31 in the same runs): without its earlier reply in view the model
/// loops again further on, where a correction's context lets it copy its complete part and
/// move past.
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

    /// The user message a restart adds after the text: where the reply looped (the arrays and
    /// strings now capped), or that it ran out of room. It changes the context enough that the
    /// model does not retrace the cut-off reply, at a fraction of a correction's cost.
    public static func note(loopedAt pointers: [String]) -> String {
        guard !pointers.isEmpty else {
            return "Your previous reply was cut off before it was complete. Reply with the whole JSON object."
        }
        let places = pointers.map { $0.isEmpty ? "(root)" : $0 }.joined(separator: ", ")
        return "Your previous reply repeated itself at \(places) and was cut off. "
            + "Reply with the whole JSON object; write each value once."
    }

    /// The errors a restart can mend: a decoder that enforces the sent schema writes the
    /// missing properties and items itself once it gets past the loop.
    static func mends(_ errors: [ValidationError]) -> Bool {
        !errors.isEmpty && errors.allSatisfy { ["required", "minItems"].contains($0.keyword) }
    }
}
