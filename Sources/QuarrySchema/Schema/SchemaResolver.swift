/// Supplies schema documents for `$ref`s that point outside the schema being compiled.
///
/// Quarry never fetches a schema over the network by itself. Give ``SchemaOptions/resolver``
/// an ``InMemorySchemaResolver`` or a ``DirectorySchemaResolver``, or your own type.
public protocol SchemaResolver: Sendable {
    /// The document at `uri` (an absolute URI without fragment), or `nil` when unknown.
    func resolve(_ uri: String) throws -> JSONValue?
}

/// Resolves schema URIs from a dictionary of documents.
public struct InMemorySchemaResolver: SchemaResolver {
    /// The documents by absolute URI (without fragment).
    public var documents: [String: JSONValue]

    /// Creates a resolver over `documents`.
    public init(_ documents: [String: JSONValue]) {
        self.documents = documents
    }

    /// The document registered for `uri`.
    public func resolve(_ uri: String) throws -> JSONValue? {
        documents[uri]
    }
}

/// Tries several resolvers in order.
public struct ChainedSchemaResolver: SchemaResolver {
    /// The resolvers, asked in order.
    public var resolvers: [any SchemaResolver]

    /// Creates a chain.
    public init(_ resolvers: [any SchemaResolver]) {
        self.resolvers = resolvers
    }

    /// The first non-`nil` answer.
    public func resolve(_ uri: String) throws -> JSONValue? {
        for resolver in resolvers {
            if let document = try resolver.resolve(uri) { return document }
        }
        return nil
    }
}
