import QuarrySchema

/// The first layer: a schema file read, parsed (keeping its text for source locations) and
/// compiled, so the generator only ever translates schemas the validator accepts.
public struct ParsedSchemaFile: Sendable {
    /// The file's path as given to the generator (used in diagnostics and doc comments).
    public let path: String
    /// The file's text.
    public let text: String
    /// The parsed document.
    public let document: JSONValue
    /// The compiled schema (the same compilation generated code does at run time).
    public let schema: Schema
}
