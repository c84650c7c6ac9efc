import QuarrySchema

/// Turns JSON Schema files into Swift source: parse, then an intermediate representation of
/// declarations, then rendered text.
///
/// This module is a placeholder until code generation lands.
public enum QuarryCodegen {
    /// The version of the generated code's layout; bumped when generated output changes shape.
    public static let generatorVersion = 0
}
