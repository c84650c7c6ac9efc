import QuarrySchema

/// What the generator makes of a schema file beyond the schema itself.
public struct GeneratorOptions: Sendable {
    /// The access level of everything generated.
    public enum AccessLevel: String, Sendable, CaseIterable {
        /// `public`: the types are part of the module's API (the default).
        case `public`
        /// `internal`: the types are visible inside the module only.
        case `internal`
    }

    /// Wraps every generated declaration in `enum <namespace> {}` — for many schemas in one
    /// module whose `$defs` would otherwise collide. `nil` (the default) declares the root type
    /// at the top level.
    public var namespace: String?
    /// The root type's name; by default derived from the file name (`support-ticket.schema.json`
    /// gives `SupportTicket`).
    public var typeName: String?
    /// `public` by default.
    public var accessLevel: AccessLevel
    /// The draft for schemas without `$schema` (2020-12 by default).
    public var defaultDraft: Draft
    /// Providers whose structured-output limits the schema is checked against; each limit it
    /// hits is a warning.
    public var lintedProviders: [ProviderProfile]
    /// Serves schemas that `$ref`s point to in other documents (nothing is fetched over the
    /// network). Generated code needs the same documents at run time: see
    /// `EmbeddedSchema.resolver` in the Quarry module.
    public var resolver: (any SchemaResolver)?

    /// Creates options.
    public init(
        namespace: String? = nil, typeName: String? = nil, accessLevel: AccessLevel = .public,
        defaultDraft: Draft = .draft2020_12, lintedProviders: [ProviderProfile] = [],
        resolver: (any SchemaResolver)? = nil
    ) {
        self.resolver = resolver
        self.namespace = namespace
        self.typeName = typeName
        self.accessLevel = accessLevel
        self.defaultDraft = defaultDraft
        self.lintedProviders = lintedProviders
    }
}
