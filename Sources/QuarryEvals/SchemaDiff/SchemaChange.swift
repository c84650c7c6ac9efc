import QuarrySchema

/// One difference between two versions of a schema, judged from the side of a *consumer of
/// extracted data*: code written against the old schema (its generated types included) and
/// documents extracted and stored under it.
///
/// A change is **breaking** when documents valid under the old schema may be invalid under the
/// new one (a constraint tightened, a field removed or newly required), or when the new schema
/// lets through values that old code has never seen: a field that may now be missing, a new
/// type (`null` included), a new enum member. Loosening a bound on values of a type the
/// consumer already handles (a longer `maxLength`, a lower `minimum`, a dropped `pattern`),
/// adding an optional field, and changing descriptions are **compatible**.
public struct SchemaChange: Sendable, Hashable, CustomStringConvertible {
    /// The kinds of change.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A property was removed. Breaking.
        case propertyRemoved = "property-removed"
        /// A new property is required. Breaking.
        case requiredPropertyAdded = "required-property-added"
        /// An existing property became required. Breaking.
        case propertyBecameRequired = "property-became-required"
        /// A required property became optional: consumers can no longer rely on it. Breaking.
        case propertyBecameOptional = "property-became-optional"
        /// An optional property was added. Compatible.
        case optionalPropertyAdded = "optional-property-added"
        /// A type is no longer allowed (`number` to `integer`, `null` dropped). Breaking.
        case typeNarrowed = "type-narrowed"
        /// A new type is allowed (`null` added, `integer` to `number`). Breaking.
        case typeWidened = "type-widened"
        /// The type changed (`string` to `number`). Breaking.
        case typeChanged = "type-changed"
        /// An enum member was removed. Breaking.
        case enumValueRemoved = "enum-value-removed"
        /// An enum member was added. Breaking.
        case enumValueAdded = "enum-value-added"
        /// The field became an enum (or constant). Breaking.
        case enumAdded = "enum-added"
        /// The field is no longer restricted to an enum. Breaking.
        case enumRemoved = "enum-removed"
        /// A bound, length, count, pattern, format or uniqueness constraint got stricter.
        /// Breaking.
        case constraintTightened = "constraint-tightened"
        /// Such a constraint got looser or was dropped. Compatible.
        case constraintLoosened = "constraint-loosened"
        /// Properties not named in the schema are no longer allowed. Breaking.
        case additionalPropertiesRestricted = "additional-properties-restricted"
        /// Properties not named in the schema are now allowed. Compatible.
        case additionalPropertiesAllowed = "additional-properties-allowed"
        /// An `anyOf`/`oneOf`/`allOf` changed in a way not analysed further. Breaking.
        case compositionChanged = "composition-changed"
        /// A title or description changed (it reaches the model through the prompt). Compatible.
        case descriptionChanged = "description-changed"
        /// An `x-eval` annotation changed (scoring only). Compatible.
        case scoringChanged = "scoring-changed"

        /// Whether a change of this kind breaks consumers.
        public var isBreaking: Bool {
            switch self {
            case .optionalPropertyAdded, .constraintLoosened, .additionalPropertiesAllowed, .descriptionChanged,
                .scoringChanged:
                return false
            default:
                return true
            }
        }
    }

    /// The kind of change.
    public var kind: Kind
    /// The field affected, as a pointer into extracted documents with `*` for array elements
    /// (`/line_items/*/sku`); `/` for the root.
    public var instancePath: String
    /// Where the changed keyword is in the old schema, when it exists there.
    public var oldLocation: JSONPointer?
    /// Where it is in the new schema, when it exists there.
    public var newLocation: JSONPointer?
    /// What changed, in a sentence.
    public var message: String

    /// Creates a change.
    public init(
        kind: Kind, instancePath: String, oldLocation: JSONPointer?, newLocation: JSONPointer?, message: String
    ) {
        self.kind = kind
        self.instancePath = instancePath
        self.oldLocation = oldLocation
        self.newLocation = newLocation
        self.message = message
    }

    /// Whether the change breaks consumers.
    public var isBreaking: Bool { kind.isBreaking }

    /// `breaking   /line_items/*/sku: property removed ... [old /$defs/line_item/properties/sku]`.
    public var description: String {
        let severity = isBreaking ? "breaking  " : "compatible"
        let location =
            (newLocation ?? oldLocation).map { " [\(newLocation == nil ? "old" : "new") schema \($0)]" } ?? ""
        return "\(severity) \(instancePath): \(message) (\(kind.rawValue))\(location)"
    }
}
