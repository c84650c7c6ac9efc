import Foundation

/// Where a schema's eval files live. Everything sits beside the schema and shares its name:
///
/// ```
/// schemas/invoice.schema.json            the schema
/// schemas/invoice.cases.jsonl            the cases
/// schemas/invoice.cases.cassette.json    recorded model replies, one per request
/// schemas/invoice.baseline.json          the committed baseline
/// schemas/invoice.eval.json              optional scoring overrides by field path
/// ```
public struct SuitePaths: Sendable, Hashable {
    /// The schema file.
    public var schema: String
    /// The cases file.
    public var cases: String
    /// The cassette of recorded replies.
    public var cassette: String
    /// The baseline file.
    public var baseline: String
    /// The optional side file of scoring overrides (see ``ScoringPlan``).
    public var scoring: String
    /// The schema's short name (`invoice`).
    public var name: String

    /// The paths for a schema file.
    public init(schema: String) {
        self.schema = schema
        let file = (schema as NSString).lastPathComponent
        var name = file
        for suffix in [".json", ".schema"] where name.hasSuffix(suffix) { name = String(name.dropLast(suffix.count)) }
        self.name = name
        let directory = (schema as NSString).deletingLastPathComponent
        func sibling(_ suffix: String) -> String {
            directory.isEmpty ? name + suffix : directory + "/" + name + suffix
        }
        cases = sibling(".cases.jsonl")
        cassette = sibling(".cases.cassette.json")
        baseline = sibling(".baseline.json")
        scoring = sibling(".eval.json")
    }

    /// The directory of the cases file, which input file paths are relative to.
    public var casesDirectory: String { (cases as NSString).deletingLastPathComponent }

    /// The schemas an eval of `path` covers: `path` itself when it is a file, otherwise every
    /// `*.schema.json` directly in the directory that has a cases file, sorted by name.
    public static func discover(_ path: String) throws(EvalError) -> [SuitePaths] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(path: path, reason: "no such file or directory")
        }
        guard isDirectory.boolValue else { return [SuitePaths(schema: path)] }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw .unreadable(path: path, reason: "cannot list the directory")
        }
        let directory = path.hasSuffix("/") ? String(path.dropLast()) : path
        return entries.filter { $0.hasSuffix(".schema.json") }.sorted().map {
            SuitePaths(schema: directory + "/" + $0)
        }.filter { FileManager.default.fileExists(atPath: $0.cases) }
    }
}
