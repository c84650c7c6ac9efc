/// The types the build plugin generates from the `schemas/` examples (symlinked here) and from
/// `features.schema.json` (every mapping the generator knows), for the tests of generated code.
///
/// The generated code lands in the build directory, not in this folder: see `QuarryPlugin`.
public enum QuarryExampleTypes {
    /// The schema files this target's build generates types from.
    public static let schemaFiles = [
        "features.schema.json", "invoice.schema.json", "receipt.schema.json", "resume.schema.json",
        "support-ticket.schema.json",
    ]
}
