/// What the translator decided a subschema is in Swift: a type, and whether `null` is valid.
struct Shape {
    var type: TypeUsage
    var isNullable: Bool

    static let json = Shape(type: .json, isNullable: false)

    /// The type for an array element or dictionary value: `T?` when `null` is allowed.
    var elementType: TypeUsage {
        isNullable && type != .json ? .nullable(type) : type
    }
}
