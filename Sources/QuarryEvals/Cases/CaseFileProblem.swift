/// A problem in a cases file: a malformed line or a case that cannot run. It names the file and
/// line like a compiler diagnostic; the other cases still run.
public struct CaseFileProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The cases file.
    public var file: String
    /// The 1-based line, or 0 for the file as a whole.
    public var line: Int
    /// The 1-based column, when known.
    public var column: Int?
    /// The case's identifier, when the line got that far.
    public var caseID: String?
    /// What is wrong.
    public var message: String

    /// Creates a problem.
    public init(file: String, line: Int, column: Int? = nil, caseID: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.caseID = caseID
        self.message = message
    }

    /// `file:line[:column]: error: message`.
    public var description: String {
        var location = file
        if line > 0 { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): error: \(message)"
    }
}
