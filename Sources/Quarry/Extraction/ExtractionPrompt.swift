import QuarrySchema

/// The messages of a first extraction request.
public struct ExtractionPrompt: Sendable, Hashable {
    /// The instructions; `{schema}` is replaced by the schema text when the schema is sent in
    /// the prompt.
    public var instructions: String

    /// The default instructions.
    public static let standard = ExtractionPrompt(
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
