import Foundation
import QuarrySchema

/// Reads `<name>.cases.jsonl`: one JSON object a line, blank lines ignored.
///
/// ```json
/// {"id": "inv-001", "input": {"file": "examples/invoice.input.txt"}, "expected": {"total": 3374.36},
///  "tags": ["baseline"], "critical": ["/total"], "partial": true,
///  "truncate": {"max_tokens": 600, "keep": "head_and_tail"}, "note": "why this case exists"}
/// ```
///
/// `id`, `input` and `expected` are required. `input` is the text itself, or
/// `{"file": "path"}` relative to the cases file. Unknown keys are errors (they are usually
/// typos of `critical` or `partial`). A line that cannot be read becomes a
/// ``CaseFileProblem`` naming the file and line, and the other lines are still read.
public struct CaseFileParser: Sendable {
    /// The keys a case line may have.
    public static let knownKeys: Set<String> = [
        "id", "input", "expected", "tags", "critical", "partial", "truncate", "note",
    ]

    /// Creates a parser.
    public init() {}

    /// Parses the text of a cases file; `file` names it in cases and problems.
    public func parse(_ text: String, file: String) -> CaseFile {
        var cases: [EvalCase] = []
        var problems: [CaseFileProblem] = []
        var seen: [String: Int] = [:]
        for (offset, rawLine) in text.split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }
        ).enumerated() {
            let lineNumber = offset + 1
            let line = rawLine
            if line.allSatisfy(\.isWhitespace) { continue }
            do {
                let parsed = try parseLine(String(line), file: file, line: lineNumber)
                if let first = seen[parsed.id] {
                    problems.append(
                        CaseFileProblem(
                            file: file, line: lineNumber, caseID: parsed.id,
                            message: "duplicate case id '\(parsed.id)' (first used on line \(first))"))
                    continue
                }
                seen[parsed.id] = lineNumber
                cases.append(parsed)
            } catch {
                problems.append(error)
            }
        }
        return CaseFile(path: file, cases: cases, problems: problems)
    }

    /// Parses one line.
    func parseLine(_ line: String, file: String, line lineNumber: Int) throws(CaseFileProblem) -> EvalCase {
        func problem(_ message: String, id: String? = nil, column: Int? = nil) -> CaseFileProblem {
            CaseFileProblem(file: file, line: lineNumber, column: column, caseID: id, message: message)
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: line)
        } catch {
            throw problem("the line is not valid JSON: \(error.message)", column: error.column)
        }
        guard case .object(let object) = value else {
            throw problem("a case must be a JSON object, not \(value.typeName)")
        }
        guard let id = object["id"]?.stringValue, !id.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw problem("the case has no 'id' (a non-empty string)")
        }
        for key in object.keys where !Self.knownKeys.contains(key) {
            throw problem(
                "unknown key '\(key)'; a case has \(Self.knownKeys.sorted().joined(separator: ", "))", id: id)
        }
        let input: CaseInput
        switch object["input"] {
        case .string(let text)?: input = .text(text)
        case .object(let reference)?:
            guard let path = reference["file"]?.stringValue, !path.isEmpty, reference.count == 1 else {
                throw problem("'input' must be a string or {\"file\": \"path\"}", id: id)
            }
            input = .file(path)
        case nil: throw problem("the case has no 'input'", id: id)
        default: throw problem("'input' must be a string or {\"file\": \"path\"}", id: id)
        }
        guard let expected = object["expected"] else { throw problem("the case has no 'expected' document", id: id) }
        var tags: [String] = []
        if let value = object["tags"] {
            guard let array = value.arrayValue, array.allSatisfy({ $0.stringValue != nil }) else {
                throw problem("'tags' must be an array of strings", id: id)
            }
            tags = array.compactMap(\.stringValue)
        }
        var critical: [JSONPointer] = []
        if let value = object["critical"] {
            guard let array = value.arrayValue else {
                throw problem("'critical' must be an array of JSON pointers", id: id)
            }
            for entry in array {
                guard let text = entry.stringValue else {
                    throw problem("'critical' must be an array of JSON pointers", id: id)
                }
                do {
                    critical.append(try JSONPointer(parsing: text))
                } catch {
                    throw problem("'critical' entry \"\(text)\" is not a JSON pointer: \(error)", id: id)
                }
            }
        }
        var isPartial = false
        if let value = object["partial"] {
            guard let flag = value.boolValue else { throw problem("'partial' must be true or false", id: id) }
            isPartial = flag
        }
        var truncation: TruncationRule?
        if let value = object["truncate"] {
            guard let rule = value.objectValue, let tokens = rule["max_tokens"]?.numberValue?.intValue, tokens > 0
            else {
                throw problem("'truncate' must be {\"max_tokens\": N, \"keep\": \"head\"|\"head_and_tail\"}", id: id)
            }
            var keep = TruncationRule.Keep.head
            if let name = rule["keep"] {
                guard let text = name.stringValue, let parsed = TruncationRule.Keep(rawValue: text) else {
                    throw problem("'truncate.keep' must be \"head\" or \"head_and_tail\"", id: id)
                }
                keep = parsed
            }
            for key in rule.keys where key != "max_tokens" && key != "keep" {
                throw problem("unknown key 'truncate.\(key)'", id: id)
            }
            truncation = TruncationRule(maxTokens: tokens, keep: keep)
        }
        var note: String?
        if let value = object["note"] {
            guard let text = value.stringValue else { throw problem("'note' must be a string", id: id) }
            note = text
        }
        return EvalCase(
            id: id, input: input, expected: expected, tags: tags, critical: critical, isPartial: isPartial,
            truncation: truncation, note: note, source: CaseSource(file: file, line: lineNumber))
    }
}

/// The cases read from one file, and the lines that could not be read.
public struct CaseFile: Sendable, Hashable {
    /// The file, as named to the parser.
    public var path: String
    /// The cases read, in file order.
    public var cases: [EvalCase]
    /// Lines that could not be read, in file order.
    public var problems: [CaseFileProblem]

    /// Creates a case file.
    public init(path: String, cases: [EvalCase], problems: [CaseFileProblem] = []) {
        self.path = path
        self.cases = cases
        self.problems = problems
    }

    /// Reads and parses a cases file. An unreadable file gives no cases and one problem.
    public static func load(path: String) -> CaseFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            return CaseFile(
                path: path, cases: [], problems: [CaseFileProblem(file: path, line: 0, message: "cannot read the file")]
            )
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return CaseFile(
                path: path, cases: [],
                problems: [CaseFileProblem(file: path, line: 0, message: "the file is not UTF-8 text")])
        }
        return CaseFileParser().parse(text, file: path)
    }
}
