import Foundation
import QuarrySchema

/// The schema a generated type was made from, embedded in the type as text and compiled on
/// first use.
///
/// The generator compiles the same text at build time and fails the build when it does not
/// compile, so ``schema`` cannot fail for generated code; hand-written callers get
/// ``ValidatedDecodingError/schemaUnavailable(_:)`` from `decode(_:validating:)` instead.
public final class EmbeddedSchema: Sendable {
    /// The schema's text as written in its file.
    public let text: String
    /// The file the schema came from, for messages.
    public let file: String
    private let compiled: Result<Schema, SchemaError>

    /// Compiles `text`, read from `file`; `defaultDraft` applies when the text has no `$schema`.
    ///
    /// `$ref`s to other documents are served by ``resolver``, which must be set before the first
    /// use of a type whose schema needs it.
    public init(text: String, file: String, defaultDraft: Draft = .draft2020_12) {
        self.text = text
        self.file = file
        let options = SchemaOptions(defaultDraft: defaultDraft, resolver: Self.resolver)
        compiled = Result { () throws(SchemaError) in try Schema(text: text, file: file, options: options) }
    }

    private static let resolverStorage = ResolverStorage()

    /// Serves the documents that embedded schemas `$ref` outside themselves (nothing is
    /// fetched over the network); `nil` by default. Set it once, before generated types are used.
    public static var resolver: (any SchemaResolver)? {
        get { resolverStorage.value }
        set { resolverStorage.value = newValue }
    }

    private final class ResolverStorage: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: (any SchemaResolver)?
        var value: (any SchemaResolver)? {
            get { lock.withLock { stored } }
            set { lock.withLock { stored = newValue } }
        }
    }

    /// The compiled schema.
    ///
    /// - Precondition: the text compiles (always true for generated code, which the generator
    ///   compiled with the same library).
    public var schema: Schema {
        switch compiled {
        case .success(let schema): return schema
        case .failure(let error): preconditionFailure("the embedded schema of \(file) does not compile: \(error)")
        }
    }

    /// Parses `data` as JSON, validates it against the schema (every error, with pointers), then
    /// decodes it as `type`.
    public func decode<Value: Extractable>(_ type: Value.Type, validating data: Data) throws(ValidatedDecodingError)
        -> Value
    {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: [UInt8](data))
        } catch {
            throw .malformedJSON(error)
        }
        return try decode(type, validating: value)
    }

    /// Validates `value` against the schema, then decodes it as `type`.
    public func decode<Value: Extractable>(_ type: Value.Type, validating value: JSONValue)
        throws(ValidatedDecodingError) -> Value
    {
        let schema: Schema
        switch compiled {
        case .success(let compiledSchema): schema = compiledSchema
        case .failure(let error): throw .schemaUnavailable(error)
        }
        let errors = schema.validate(value).errors
        guard errors.isEmpty else { throw .invalid(errors) }
        do {
            return try Value.decode(fromValid: value)
        } catch {
            throw .undecodable(String(describing: error))
        }
    }
}

/// Why `decode(validating:)` of a generated type failed.
public enum ValidatedDecodingError: Error, Sendable, CustomStringConvertible {
    /// The data is not JSON; the error has the line and column.
    case malformedJSON(JSONParseError)
    /// The JSON does not satisfy the schema; every error, with instance and keyword pointers.
    case invalid([ValidationError])
    /// The JSON is valid but does not decode as the Swift type (a generator limitation; the
    /// message says which field).
    case undecodable(String)
    /// The embedded schema does not compile (only for hand-written types).
    case schemaUnavailable(SchemaError)

    /// A sentence per problem.
    public var description: String {
        switch self {
        case .malformedJSON(let error): return "not JSON: \(error)"
        case .invalid(let errors):
            return "invalid against the schema:\n" + errors.map { "  \($0.description)" }.joined(separator: "\n")
        case .undecodable(let message): return "valid but not decodable: \(message)"
        case .schemaUnavailable(let error): return "schema unavailable: \(error)"
        }
    }
}
