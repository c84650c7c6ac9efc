/// Something that happened during an extraction, for logs and metrics.
public enum ExtractionEvent: Sendable {
    /// A request is about to be sent.
    case requestStarted(attempt: Int, provider: String, model: String, isCorrection: Bool)
    /// A transport fault will be retried after `delay`.
    case retryScheduled(attempt: Int, delay: Duration, reason: String)
    /// A reply failed validation; a corrective prompt follows.
    case correctionSent(attempt: Int, errors: [String])
    /// A fallback provider takes over.
    case fallbackStarted(provider: String, model: String, reason: String)
    /// The extraction produced a valid value.
    case succeeded(attempts: Int, usage: TokenUsage)
    /// The extraction failed.
    case failed(reason: String)
    /// An attempt finished (valid or not).
    case attemptFinished(Attempt)
}

/// Receives every ``ExtractionEvent``. Events carry no API keys or authorization headers.
public protocol ExtractionObserver: Sendable {
    /// Called for each event, in order, on the extracting task.
    func observe(_ event: ExtractionEvent)
}
