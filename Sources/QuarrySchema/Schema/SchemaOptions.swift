/// How a ``Schema`` is compiled and how it validates.
public struct SchemaOptions: Sendable {
    /// The draft of a schema that has no `$schema`. Default: draft 2020-12.
    public var defaultDraft: Draft
    /// Whether `format` is asserted (an unknown or failing format makes the instance invalid)
    /// rather than only annotated. Default: `false`, as the specification says.
    public var assertsFormat: Bool
    /// Where `$ref`s to other documents are looked up. Nothing is ever fetched over the network;
    /// without a resolver only the built-in metaschemas resolve.
    public var resolver: (any SchemaResolver)?
    /// Whether ``Schema/validate(_:)`` stops at the first error instead of collecting all.
    public var stopsAtFirstError: Bool
    /// The most backtracking steps one `pattern` match may take before it counts as a failure.
    public var regexStepLimit: Int
    /// The deepest nesting of schema evaluations (through `$ref` and applicators) before
    /// validation fails with a recursion error instead of exhausting the stack.
    public var maxEvaluationDepth: Int
    /// The base URI of a schema without `$id`.
    public var baseURI: String

    /// Creates options.
    public init(
        defaultDraft: Draft = .draft2020_12,
        assertsFormat: Bool = false,
        resolver: (any SchemaResolver)? = nil,
        stopsAtFirstError: Bool = false,
        regexStepLimit: Int = 1_000_000,
        maxEvaluationDepth: Int = 1_000,
        baseURI: String = "json-schema:///"
    ) {
        self.defaultDraft = defaultDraft
        self.assertsFormat = assertsFormat
        self.resolver = resolver
        self.stopsAtFirstError = stopsAtFirstError
        self.regexStepLimit = regexStepLimit
        self.maxEvaluationDepth = maxEvaluationDepth
        self.baseURI = baseURI
    }
}
