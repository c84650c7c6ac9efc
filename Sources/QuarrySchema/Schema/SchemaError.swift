/// Why a schema could not be compiled, and where.
///
/// Every error names the JSON pointer of the offending keyword inside its document; errors
/// from ``Schema/init(text:file:options:)`` also carry the file name and the line and column.
public struct SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Kind: Sendable, Hashable {
        /// The schema text is not JSON.
        case malformedJSON(JSONParseError)
        /// A keyword's value has the wrong type or shape (for example `"minimum": "3"`).
        case invalidKeyword
        /// A `pattern` or `patternProperties` key is not a valid ECMA-262 regular expression.
        case invalidPattern
        /// A `$ref` (or `$dynamicRef`, `$recursiveRef`) points at nothing known.
        case unresolvableReference(String)
        /// The resolver failed to provide a document.
        case resolverFailed(String)
        /// A metaschema requires a vocabulary Quarry does not know.
        case unsupportedVocabulary(String)
    }

    /// What kind of problem this is.
    public var kind: Kind
    /// A sentence describing the problem.
    public var message: String
    /// The pointer to the offending keyword inside its document.
    public var pointer: JSONPointer
    /// The URI of the document that holds the problem.
    public var documentURI: String
    /// The file the schema was read from, when known.
    public var file: String?
    /// The line and column of ``pointer`` in the file, when known.
    public var location: TextLocation?

    /// Creates an error.
    public init(
        kind: Kind, message: String, pointer: JSONPointer, documentURI: String, file: String? = nil,
        location: TextLocation? = nil
    ) {
        self.kind = kind
        self.message = message
        self.pointer = pointer
        self.documentURI = documentURI
        self.file = file
        self.location = location
    }

    /// `file:line:column: error: message (at /pointer)` — the compiler's diagnostic form.
    public var description: String {
        var prefix = file ?? documentURI
        if let location { prefix += ":\(location.line):\(location.column)" }
        let at = pointer.tokens.isEmpty ? "the schema root" : pointer.description
        return "\(prefix): error: \(message) (at \(at))"
    }
}
