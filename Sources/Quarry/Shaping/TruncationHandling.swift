/// What the extraction loop does with a reply cut off at the output limit.
public enum TruncationHandling: Sendable, Hashable {
    /// ``recover`` for shaped requests (local grammar decoders, see ``RequestShaping``),
    /// ``retryWithLargerLimit`` for the others (the default).
    case automatic
    /// Retry the request once with a larger output limit, then fail with
    /// ``ExtractionError/truncated(attempts:)``.
    case retryWithLargerLimit
    /// Keep what the reply holds (``TruncatedReplyRecovery``): when it validates, the
    /// extraction succeeds with the repairs recorded; otherwise the correction carries the
    /// recovered object and its errors (with a larger limit once). A reply with nothing to
    /// recover is retried with a larger limit.
    case recover
}

/// How the corrective prompt is worded.
public enum CorrectionStyle: Sendable, Hashable {
    /// ``concise`` for shaped requests (small local models), ``detailed`` for the others.
    case automatic
    /// Each error with its instance pointer, message and schema keyword pointer, and the full
    /// instructions (``CorrectivePrompt/message(for:)``).
    case detailed
    /// One short line per error — the pointer, the offending value quoted, the allowed values
    /// for an enum — which small models follow better
    /// (``CorrectivePrompt/conciseMessage(for:afterCutOff:)``), in a short conversation: the
    /// text, the latest reply and its correction, without the earlier replies.
    case concise
}
