import Quarry
import QuarrySchema

/// What running one case's extraction produced, before scoring.
public struct CaseRun: Sendable, Hashable {
    /// How the run ended.
    public enum Status: Sendable, Hashable {
        /// The extraction returned a value valid against the schema.
        case valid
        /// The extraction failed (every reply invalid, a refusal, a truncation, ...); the
        /// sentence says why. The last reply, when it was JSON, is still scored.
        case failed(String)
        /// The replay cassette has no recording for the case's request: the prompt, schema,
        /// settings or input changed since recording. The case is not scored.
        case missingRecording(String)
    }

    /// How the run ended.
    public var status: Status
    /// The document scored: the valid value, or the last reply read as JSON when the
    /// extraction failed (a reply cut off at the token limit is closed at its last complete
    /// value, see ``TruncatedJSON``); `nil` when there is none.
    public var document: JSONValue?
    /// The model calls made.
    public var attempts: Int
    /// Tokens over all calls.
    public var usage: TokenUsage
    /// Estimated cost in US dollars, when the model has a price.
    public var cost: Double?
    /// The provider that answered.
    public var provider: String
    /// The model that answered.
    public var model: String

    /// Creates a run.
    public init(
        status: Status, document: JSONValue?, attempts: Int, usage: TokenUsage = .zero, cost: Double? = nil,
        provider: String = "", model: String = ""
    ) {
        self.status = status
        self.document = document
        self.attempts = attempts
        self.usage = usage
        self.cost = cost
        self.provider = provider
        self.model = model
    }

    /// Whether the extraction produced a schema-valid value.
    public var isValid: Bool { status == .valid }
}
