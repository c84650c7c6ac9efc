import QuarrySchema

/// The middle layer: Swift declarations described as data, independent of how they are
/// printed. The translator builds it from a parsed schema; the renderer prints it.

/// How a value is typed where it is used (a property, an array element, an alias).
public indirect enum TypeUsage: Sendable, Hashable {
    /// `String`.
    case string
    /// `Int`.
    case integer
    /// `Double`.
    case number
    /// `Bool`.
    case boolean
    /// `JSONValue`: any JSON, for subtrees the generator does not type precisely.
    case json
    /// A format-preserving string type (`DateTimeString`, `DateString`, `URIString`, `UUIDString`).
    case formatted(String)
    /// A generated type, by its qualified Swift name (`Invoice.Party`).
    case named(String)
    /// `[Element]`.
    case array(TypeUsage)
    /// `[String: Value]`.
    case dictionary(TypeUsage)
    /// `Wrapped?`, where `nil` is JSON `null` (array elements and dictionary values).
    case nullable(TypeUsage)
}

/// The doc comment material a schema offers.
public struct Documentation: Sendable, Hashable {
    /// `title`.
    public var title: String?
    /// `description`.
    public var summary: String?
    /// `examples`, each as compact JSON text.
    public var examples: [String] = []
    /// `deprecated: true`.
    public var isDeprecated = false
    /// The JSON pointer of the subschema in its file.
    public var pointer: String

    /// Whether there is anything to print besides the pointer.
    public var isEmpty: Bool { title == nil && summary == nil && examples.isEmpty }
}

/// Whether a property must be present and whether it may be `null`, which decides its Swift
/// type: `T`, `T?` (present, maybe `null`), `T?` (maybe absent) or `JSONNullable<T>?` (maybe
/// absent, maybe `null`).
public enum Presence: Sendable, Hashable {
    /// Required, never `null`: `T`.
    case required
    /// Required, may be `null`: `T?`, encoded as an explicit `null`.
    case requiredNullable
    /// May be absent, never `null`: `T?`, omitted when `nil`.
    case optional
    /// May be absent or `null`: `JSONNullable<T>?`.
    case optionalNullable
}

/// A stored property of a generated struct.
public struct Property: Sendable, Hashable {
    /// The key in JSON.
    public var jsonName: String
    /// The Swift identifier (already escaped if it is a keyword).
    public var swiftName: String
    /// The value's type, before presence is applied.
    public var type: TypeUsage
    /// Required and nullable.
    public var presence: Presence
    /// Doc comment material.
    public var documentation: Documentation
    /// Stored in `Indirect` because its type contains the struct (recursion).
    public var isIndirect = false
}

/// What a struct does with keys its schema does not list.
public enum AdditionalProperties: Sendable, Hashable {
    /// `additionalProperties: false`: there are none to keep.
    case none
    /// Kept in `additionalProperties: [String: T]` and written back when encoding.
    case kept(TypeUsage)
}

/// A struct for an object schema with `properties`.
public struct StructDeclaration: Sendable, Hashable {
    /// The Swift name, unqualified.
    public var name: String
    /// Doc comment material.
    public var documentation: Documentation
    /// Stored properties, in schema order.
    public var properties: [Property]
    /// Unknown keys.
    public var additionalProperties: AdditionalProperties
    /// Types declared inside this one.
    public var nested: [Declaration] = []
}

/// A Swift enum with raw values, for `enum`/`const` schemas whose values are all strings or
/// all integers.
public struct RawEnumDeclaration: Sendable, Hashable {
    /// The raw value type.
    public enum RawType: String, Sendable, Hashable {
        /// `String` raw values.
        case string = "String"
        /// `Int` raw values.
        case integer = "Int"
    }
    /// One case.
    public struct Case: Sendable, Hashable {
        /// The Swift case name.
        public var name: String
        /// The raw value as Swift literal text (`"USD"`, `3`).
        public var literal: String
    }
    /// The Swift name, unqualified.
    public var name: String
    /// Doc comment material.
    public var documentation: Documentation
    /// `String` or `Int`.
    public var rawType: RawType
    /// The cases, in schema order.
    public var cases: [Case]
}

/// A value type that decodes only the listed JSON values (mixed-type `enum`/`const`).
public struct ValueSetDeclaration: Sendable, Hashable {
    /// The Swift name, unqualified.
    public var name: String
    /// Doc comment material.
    public var documentation: Documentation
    /// The allowed values as one compact JSON array text.
    public var allowedValuesJSON: String
}

/// An enum with associated values for `oneOf`/`anyOf` of object schemas.
public struct ChoiceDeclaration: Sendable, Hashable {
    /// One alternative.
    public struct Case: Sendable, Hashable {
        /// The Swift case name.
        public var name: String
        /// The associated value's type.
        public var type: TypeUsage
        /// The discriminator's value that selects this case, when there is one.
        public var tag: String?
    }
    /// The Swift name, unqualified.
    public var name: String
    /// Doc comment material.
    public var documentation: Documentation
    /// The alternatives, in schema order.
    public var cases: [Case]
    /// The property whose `const` tells the alternatives apart, when every arm has one.
    public var discriminator: String?
    /// `oneOf` (exactly one alternative must decode) or `anyOf` (the first that decodes).
    public var requiresExactlyOne: Bool
    /// Types declared inside this one (alternatives written inline).
    public var nested: [Declaration] = []
}

/// `typealias Name = Type`, for a `$defs` entry that is not an object, enum or choice.
public struct AliasDeclaration: Sendable, Hashable {
    /// The Swift name, unqualified.
    public var name: String
    /// Doc comment material.
    public var documentation: Documentation
    /// The aliased type.
    public var type: TypeUsage
}

/// A root type for a schema that is not an object: a struct holding one `value`.
public struct WrapperDeclaration: Sendable, Hashable {
    /// The Swift name, unqualified.
    public var name: String
    /// Doc comment material.
    public var documentation: Documentation
    /// The wrapped value's type.
    public var type: TypeUsage
    /// Whether the value may be `null` (then `value` is optional).
    public var isNullable: Bool
    /// Stored in `Indirect` because its type contains the wrapper (recursion).
    public var isIndirect = false
    /// Types declared inside this one.
    public var nested: [Declaration] = []
}

/// One generated declaration.
public indirect enum Declaration: Sendable, Hashable {
    /// A struct.
    case structure(StructDeclaration)
    /// An enum with raw values.
    case rawEnum(RawEnumDeclaration)
    /// A value-set type.
    case valueSet(ValueSetDeclaration)
    /// An enum with associated values.
    case choice(ChoiceDeclaration)
    /// A type alias.
    case alias(AliasDeclaration)
    /// A single-value root wrapper.
    case wrapper(WrapperDeclaration)

    /// The declared Swift name, unqualified.
    public var name: String {
        switch self {
        case .structure(let declaration): return declaration.name
        case .rawEnum(let declaration): return declaration.name
        case .valueSet(let declaration): return declaration.name
        case .choice(let declaration): return declaration.name
        case .alias(let declaration): return declaration.name
        case .wrapper(let declaration): return declaration.name
        }
    }
}

/// Everything generated for one schema file: the root type (with nested types) and what the
/// root type embeds.
public struct TranslatedSchema: Sendable, Hashable {
    /// The root declaration (a struct or a wrapper).
    public var root: Declaration
    /// The enum every declaration is nested in, when the options ask for one.
    public var namespace: String?
    /// The schema's short name (`invoice`), from the file name.
    public var schemaName: String
    /// The schema file's name, for doc comments and messages.
    public var fileName: String
    /// The schema text, embedded in the root type.
    public var schemaText: String
    /// The schema's canonical SHA-256 hash.
    public var schemaHash: String
    /// `public` or `internal`.
    public var accessModifier: String
    /// The draft for a schema without `$schema`, when it is not 2020-12 (generated code compiles
    /// the embedded schema with it).
    public var defaultDraft: Draft?
}
