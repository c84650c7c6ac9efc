import QuarrySchema

/// The per-schema work of building requests, done once per schema instead of once per call:
/// the schema's JSON text, and its provider-specific rewrites (OpenAI strict mode, Anthropic's
/// output format). Schemas are recognized by ``DocumentIdentity`` (see ``DocumentMemo``), so a
/// lookup costs a few pointer comparisons rather than a walk of the schema.
enum SchemaWireCache {
    /// A provider-specific rewrite of a schema.
    enum Rewrite: Hashable, Sendable {
        /// ``OpenAIStrictSchema/transform(_:)``.
        case openAIStrict
        /// Anthropic's `output_config.format` subset.
        case anthropicOutputFormat
    }

    private static let rewrites = DocumentMemo<Rewrite, JSONValue>()
    private static let texts = DocumentMemo<Bool, [UInt8]>()

    /// `schema` rewritten by `transform` for `rewrite`, computed once per schema; the same value
    /// is returned each time, so its text is cached too.
    static func document(_ schema: JSONValue, rewrittenFor rewrite: Rewrite, by transform: (JSONValue) -> JSONValue)
        -> JSONValue
    {
        rewrites.value(for: schema, variant: rewrite, compute: transform)
    }

    /// The compact JSON text of `schema` (as ``JSONSerializer`` writes it), computed once per
    /// schema; `nil` when `schema` is not an object.
    static func bytes(of schema: JSONValue) -> [UInt8]? {
        guard DocumentIdentity(schema) != nil else { return nil }
        return texts.value(for: schema, variant: false) { JSONSerializer().bytes(of: $0) }
    }
}
