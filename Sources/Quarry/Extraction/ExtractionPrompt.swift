import QuarrySchema

/// The messages of a first extraction request.
public struct ExtractionPrompt: Sendable, Hashable {
    /// The instructions: the system message, followed by the schema text when the schema is
    /// sent in the prompt (prompt-only mode).
    public var instructions: String

    /// The default instructions: one sentence on the task and one on missing facts.
    ///
    /// Measured on the local SmolLM2-135M model with a constrained decoder, these short
    /// instructions gave more schema-valid results with fewer tokens than a paragraph that
    /// restated the schema's rules (the schema or its grammar already carries them); see
    /// "Extraction quality" in the repository's README.
    public static let standard = ExtractionPrompt(
        instructions: """
            Extract the data in the user's text as JSON. Use only facts the text states; use \
            null where it gives no value.
            """)

    /// Longer instructions that spell out when to use null, when to omit a field, and that the
    /// reply is JSON alone.
    ///
    /// The default before ``standard``; a large model without a constrained decoder may follow
    /// these more closely.
    public static let detailed = ExtractionPrompt(
        instructions: """
            You extract structured data from the user's text. Reply with one JSON value that \
            conforms to the JSON Schema. Use only facts stated in the text; when the text does \
            not give a value, use null if the schema allows it and otherwise omit the field \
            unless it is required. Reply with JSON only, no commentary.
            """)

    /// Creates a prompt.
    public init(instructions: String) {
        self.instructions = instructions
    }

    /// The system and user messages for `input`.
    public func messages(for input: String, schema: JSONValue, includesSchema: Bool) -> [ChatMessage] {
        var system = instructions
        if includesSchema {
            let text = SchemaWireCache.bytes(of: schema).map { String(decoding: $0, as: UTF8.self) }
            system += "\n\nJSON Schema:\n" + (text ?? schema.serialized(pretty: false))
        }
        return [ChatMessage(role: .system, content: system), ChatMessage(role: .user, content: input)]
    }

    /// A stable hash of the instructions, recorded with eval baselines.
    public var hash: String { SHA256.hexDigest(instructions) }
}
