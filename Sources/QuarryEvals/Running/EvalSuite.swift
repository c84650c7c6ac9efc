import Foundation
import QuarrySchema

/// A schema and its cases: what one `quarry eval` run of one schema works on.
public struct EvalSuite: Sendable {
    /// Where the files are.
    public var paths: SuitePaths
    /// The compiled schema.
    public var schema: Schema
    /// The cases, and the lines that could not be read.
    public var caseFile: CaseFile
    /// How each field is scored.
    public var plan: ScoringPlan

    /// The schema's short name (`invoice`).
    public var name: String { paths.name }
    /// The cases that can run.
    public var cases: [EvalCase] { caseFile.cases }

    /// Creates a suite from parts (for tests and for cases built in code); `overrides` is the
    /// content of a `<name>.eval.json` side file.
    public init(paths: SuitePaths, schema: Schema, caseFile: CaseFile, overrides: JSONValue? = nil) {
        self.paths = paths
        self.schema = schema
        self.caseFile = caseFile
        self.plan = ScoringPlan(schema: schema, overrides: overrides)
    }

    /// Loads the schema and its cases file. A malformed case line does not stop loading: it is
    /// kept in ``CaseFile/problems``. With `validatesExpected` (the default), a complete case
    /// whose expected document is not valid against the schema becomes a problem too.
    public static func load(schemaPath: String, validatesExpected: Bool = true) throws(EvalError) -> EvalSuite {
        let paths = SuitePaths(schema: schemaPath)
        guard let data = FileManager.default.contents(atPath: schemaPath),
            let text = String(data: data, encoding: .utf8)
        else { throw .unreadable(path: schemaPath, reason: "cannot read the schema") }
        let schema: Schema
        do {
            schema = try Schema(text: text, file: schemaPath)
        } catch {
            throw .invalidSchema(path: schemaPath, reason: error.description)
        }
        var overrides: JSONValue?
        if let data = FileManager.default.contents(atPath: paths.scoring) {
            do {
                overrides = try JSONValue(parsing: [UInt8](data))
            } catch {
                throw .unreadable(path: paths.scoring, reason: "the scoring overrides are not JSON: \(error)")
            }
        }
        var caseFile = CaseFile.load(path: paths.cases)
        if validatesExpected {
            var kept: [EvalCase] = []
            for evalCase in caseFile.cases {
                let errors = evalCase.isPartial ? [] : schema.validate(evalCase.expected).errors
                if let first = errors.first {
                    caseFile.problems.append(
                        CaseFileProblem(
                            file: evalCase.source.file, line: evalCase.source.line, caseID: evalCase.id,
                            message:
                                "the expected document of '\(evalCase.id)' is not valid against the schema: \(first)"
                                + " (mark the case \"partial\": true if it names only some fields)"))
                } else {
                    kept.append(evalCase)
                }
            }
            caseFile.cases = kept
            caseFile.problems.sort { ($0.line, $0.message) < ($1.line, $1.message) }
        }
        return EvalSuite(paths: paths, schema: schema, caseFile: caseFile, overrides: overrides)
    }

    /// The text a case sends to the model: its input, read from a file when it names one, and
    /// cut to its token budget.
    public func input(for evalCase: EvalCase) throws(CaseFileProblem) -> (String, TruncationRecord?) {
        let text: String
        switch evalCase.input {
        case .text(let value):
            text = value
        case .file(let path):
            let resolved =
                path.hasPrefix("/") || paths.casesDirectory.isEmpty ? path : paths.casesDirectory + "/" + path
            guard let data = FileManager.default.contents(atPath: resolved),
                let contents = String(data: data, encoding: .utf8)
            else {
                throw CaseFileProblem(
                    file: evalCase.source.file, line: evalCase.source.line, caseID: evalCase.id,
                    message: "cannot read the input file \(resolved)")
            }
            text = contents
        }
        guard let rule = evalCase.truncation else { return (text, nil) }
        return rule.apply(to: text)
    }
}
