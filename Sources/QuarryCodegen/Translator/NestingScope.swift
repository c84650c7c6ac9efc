/// The type being filled while translating: its qualified name, the names already used inside
/// it, and the declarations nested in it so far.
struct NestingScope {
    /// `Invoice.Party` (empty for the module's top level).
    let qualifiedName: String
    /// Type names that may not be reused inside this type.
    var takenTypeNames: Set<String>
    /// Types declared inside this one.
    var declarations: [Declaration] = []

    /// A fresh nested type name made from `suggestion`, unique in this scope.
    mutating func allocateTypeName(from suggestion: String) -> String {
        SafeNameGenerator.unique(SafeNameGenerator.typeName(suggestion), in: &takenTypeNames)
    }

    /// The qualified name of a type called `name` declared in this scope.
    func qualify(_ name: String) -> String {
        qualifiedName.isEmpty ? name : qualifiedName + "." + name
    }
}
