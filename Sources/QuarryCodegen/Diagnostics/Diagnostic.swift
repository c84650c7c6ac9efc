import QuarrySchema

/// A message from the generator about one place in a schema file, printed the way compilers
/// print them so `swift build` and Xcode show it on the right line:
/// `invoice.schema.json:12:7: warning: message (at /properties/total)`.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable {
        /// The file cannot be turned into Swift; the build fails.
        case error
        /// Swift was generated, but something is less precise than the schema or will not work
        /// with a provider.
        case warning
        /// Extra information attached to the build log.
        case note
    }

    /// How serious it is.
    public var severity: Severity
    /// What is wrong, as a sentence.
    public var message: String
    /// The schema file, as given to the generator.
    public var file: String
    /// The line and column in the file, when known.
    public var location: TextLocation?
    /// Where in the schema document, when it concerns a subschema.
    public var pointer: JSONPointer?

    /// Creates a diagnostic.
    public init(
        _ severity: Severity, _ message: String, file: String, location: TextLocation? = nil,
        pointer: JSONPointer? = nil
    ) {
        self.severity = severity
        self.message = message
        self.file = file
        self.location = location
        self.pointer = pointer
    }

    /// `file:line:column: severity: message (at /pointer)`.
    public var description: String {
        var prefix = file
        if let location { prefix += ":\(location.line):\(location.column)" }
        var text = "\(prefix): \(severity.rawValue): \(message)"
        if let pointer { text += " (at \(pointer.tokens.isEmpty ? "the schema root" : pointer.description))" }
        return text
    }
}
