/// The last layer: the rendered Swift source for one schema file, and what the run reported.
public struct GeneratedFile: Sendable {
    /// The Swift source, or `nil` when an error stopped generation.
    public var source: String?
    /// Every error, warning and note, in the order they were found.
    public var diagnostics: [Diagnostic]
    /// The name of the generated root type (`Invoice`), qualified by the namespace if any.
    public var rootTypeName: String?

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
