/// Why an eval could not start: a file that cannot be read, a schema that does not compile.
public enum EvalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A file or directory could not be read.
    case unreadable(path: String, reason: String)
    /// The schema does not compile.
    case invalidSchema(path: String, reason: String)
    /// A baseline file is malformed.
    case invalidBaseline(path: String, reason: String)
    /// A cassette file is malformed or names an unknown provider.
    case invalidCassette(path: String, reason: String)

    /// A sentence naming the file.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): error: \(reason)"
        case .invalidSchema(let path, let reason): return "\(path): error: \(reason)"
        case .invalidBaseline(let path, let reason): return "\(path): error: not a Quarry baseline: \(reason)"
        case .invalidCassette(let path, let reason): return "\(path): error: \(reason)"
        }
    }
}
