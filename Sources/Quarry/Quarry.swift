import QuarrySchema

/// The Quarry runtime: sends extraction requests to a language-model provider, validates each
/// reply against its schema and feeds validation errors back in a corrective prompt.
///
/// This module is a placeholder until the runtime lands; it re-exports nothing yet and only
/// names the namespace so that dependants compile.
public enum QuarryRuntime {
    /// The version of the runtime's wire and record formats.
    public static let formatVersion = 0
}
