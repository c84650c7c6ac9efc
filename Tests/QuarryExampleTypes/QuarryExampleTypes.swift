/// The types the build plugin generates from the `schemas/` examples (symlinked here), for the
/// tests that check generated code against the schemas and the runtime.
///
/// The generated code lands in the build directory, not in this folder: see `QuarryPlugin`.
public enum QuarryExampleTypes {
    /// The schema files this target's build generates types from.
    public static let schemaFiles = [
        "invoice.schema.json", "receipt.schema.json", "resume.schema.json", "support-ticket.schema.json",
    ]
}
