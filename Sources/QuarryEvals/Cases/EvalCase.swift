import QuarrySchema

/// One eval case: an input text and the document a correct extraction of it gives.
///
/// Cases live beside their schema in `<name>.cases.jsonl`, one JSON object a line (see
/// ``CaseFileParser``).
public struct EvalCase: Sendable, Hashable, CustomStringConvertible {
    /// The case's identifier, unique within its file.
    public var id: String
    /// Where the input text comes from.
    public var input: CaseInput
    /// The correct extraction. With ``isPartial`` only the fields it names are scored.
    public var expected: JSONValue
    /// Free labels for filtering and reports (`adversarial`, `injection`, ...).
    public var tags: [String]
    /// Fields whose regression on this case fails the gate on its own, as JSON pointers into
    /// the extracted document (`/total`, `/line_items/0/amount`).
    public var critical: [JSONPointer]
    /// Whether ``expected`` names only some fields: fields it leaves out are not scored. When
    /// `false` (the default) a field present in the reply but absent from ``expected`` is
    /// counted as invented.
    public var isPartial: Bool
    /// The token budget the input is cut to before extraction, if any.
    public var truncation: TruncationRule?
    /// A remark for people reading the case file or a report.
    public var note: String?
    /// Where the case was read from (`schemas/invoice.cases.jsonl:12`), for messages.
    public var source: CaseSource

    /// Creates a case.
    public init(
        id: String, input: CaseInput, expected: JSONValue, tags: [String] = [], critical: [JSONPointer] = [],
        isPartial: Bool = false, truncation: TruncationRule? = nil, note: String? = nil,
        source: CaseSource = CaseSource(file: "<memory>", line: 0)
    ) {
        self.id = id
        self.input = input
        self.expected = expected
        self.tags = tags
        self.critical = critical
        self.isPartial = isPartial
        self.truncation = truncation
        self.note = note
        self.source = source
    }

    /// The case's identifier, so parameterized tests show it as their argument.
    public var description: String { id }
}

/// The input text of a case: written in the case line, or a file beside the cases.
public enum CaseInput: Sendable, Hashable {
    /// The text itself.
    case text(String)
    /// A file path, relative to the directory of the cases file (or absolute).
    case file(String)
}

/// Where a case was read from.
public struct CaseSource: Sendable, Hashable, CustomStringConvertible {
    /// The cases file, as it was named to the parser.
    public var file: String
    /// The 1-based line number.
    public var line: Int

    /// Creates a source location.
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// `file:line`.
    public var description: String { "\(file):\(line)" }
}
