// quality-score: the extraction-quality benchmark's judge (Benchmarks/quality/run).
//
// Every configuration's output is judged here, by Quarry's own eval code, so the comparison
// is the same for Quarry and for Instructor:
//
//   quality-score cases <schema>...     the eval cases of each schema, as `quarry eval` runs
//                                       them (inputs read from files and cut to their token
//                                       budget), one JSON object a line
//   quality-score score <manifest>      validates and scores output files against their cases
//   quality-score selftest <schema>...  scores each case's expected document against itself
//                                       (must be valid with F1 1); checks the judge and cases
//
// Validation uses the schema compiled with the default options (draft 2020-12, `format` as an
// annotation): the validator `quarry validate` and the runtime use. Scoring is
// `QuarryEvals.CaseScorer` with the schema's `x-eval` overrides, as in `quarry eval`.

import Foundation
import Quarry
import QuarryEvals
import QuarrySchema

/// Loaded suites by schema path.
final class Suites {
    private var loaded: [String: EvalSuite] = [:]

    func suite(_ path: String) throws -> EvalSuite {
        if let suite = loaded[path] { return suite }
        let suite = try EvalSuite.load(schemaPath: path)
        for problem in suite.caseFile.problems { warn("\(problem)") }
        loaded[path] = suite
        return suite
    }
}

func warn(_ text: String) {
    FileHandle.standardError.write(Data(("quality-score: " + text + "\n").utf8))
}

func emit(_ value: JSONValue) {
    FileHandle.standardOutput.write(Data((value.serialized() + "\n").utf8))
}

/// How an output file reads as a document: strict JSON, else Quarry's lenient parser (code
/// fences, prose around the JSON), else a reply cut off at the token limit closed at its last
/// complete value (as `quarry eval` scores failed replies).
func document(from text: String) -> (JSONValue?, String) {
    if let value = try? JSONValue(parsing: text) { return (value, "json") }
    if case .success(let (value, _)) = LenientJSONParser.parse(text) { return (value, "lenient") }
    if let value = TruncatedJSON.close(text) { return (value, "closed") }
    return (nil, "unparsable")
}

func countsValue(_ counts: FieldCounts) -> JSONValue {
    [
        "correct": .number(JSONNumber(counts.correct)), "wrong": .number(JSONNumber(counts.wrong)),
        "omitted": .number(JSONNumber(counts.omitted)), "invented": .number(JSONNumber(counts.invented)),
    ]
}

/// Validates and scores one document against a case.
func judge(_ value: JSONValue?, how: String, evalCase: EvalCase, suite: EvalSuite) -> JSONValue {
    var result = JSONObject()
    result["read"] = .string(how)
    if let value {
        let errors = suite.schema.validate(value).errors
        result["valid"] = .bool(errors.isEmpty)
        result["errors"] = .array(errors.prefix(5).map { .string($0.description) })
        result["error_count"] = .number(JSONNumber(errors.count))
    } else {
        result["valid"] = false
        result["errors"] = []
        result["error_count"] = 0
    }
    let outcomes = CaseScorer(plan: suite.plan).score(
        expected: evalCase.expected, actual: value, isPartial: evalCase.isPartial, critical: evalCase.critical)
    // No document at all (a failed extraction delivers nothing): no field is right, not even
    // one the case expects to be null or empty.
    let counts = value == nil ? FieldCounts(omitted: outcomes.count) : FieldCounts(outcomes)
    result["counts"] = countsValue(counts)
    result["mistakes"] = .array(
        outcomes.filter { $0.result != .correct }.prefix(40).map { .string("\($0.pointer) \($0.result.rawValue)") })
    return .object(result)
}

func cases(_ schemas: [String], suites: Suites) throws {
    for path in schemas {
        let suite = try suites.suite(path)
        for evalCase in suite.cases {
            let input: String
            do {
                input = try suite.input(for: evalCase).0
            } catch {
                warn("\(error)")
                continue
            }
            emit([
                "schema": .string(path), "name": .string(suite.name), "id": .string(evalCase.id),
                "input": .string(input), "tags": .array(evalCase.tags.map { .string($0) }),
            ])
        }
    }
}

/// The manifest: `{"items": [{"key": K, "schema": PATH, "case": ID, "files": {NAME: PATH|null}}]}`;
/// prints `{"key": K, NAME: judgement, ...}` a line per item. A `null` or missing file is no
/// document (every expected field omitted).
func score(manifestPath: String, suites: Suites) throws {
    guard let data = FileManager.default.contents(atPath: manifestPath) else {
        throw ScoreError("cannot read \(manifestPath)")
    }
    let manifest = try JSONValue(parsing: [UInt8](data))
    guard case .array(let items)? = manifest["items"] else { throw ScoreError("the manifest has no items array") }
    for item in items {
        guard let key = item["key"]?.stringValue, let schema = item["schema"]?.stringValue,
            let caseID = item["case"]?.stringValue, let files = item["files"]?.objectValue
        else { throw ScoreError("a manifest item needs key, schema, case and files: \(item.serialized())") }
        let suite = try suites.suite(schema)
        guard let evalCase = suite.cases.first(where: { $0.id == caseID }) else {
            throw ScoreError("\(schema) has no case \(caseID)")
        }
        var line = JSONObject()
        line["key"] = .string(key)
        for (name, file) in files {
            var value: JSONValue?
            var how = "none"
            if let path = file.stringValue {
                guard let bytes = FileManager.default.contents(atPath: path) else {
                    throw ScoreError("cannot read \(path)")
                }
                (value, how) = document(from: String(decoding: bytes, as: UTF8.self))
            }
            line[name] = judge(value, how: how, evalCase: evalCase, suite: suite)
        }
        emit(.object(line))
    }
}

func selftest(_ schemas: [String], suites: Suites) throws -> Bool {
    var ok = true
    for path in schemas {
        let suite = try suites.suite(path)
        var checked = 0
        for evalCase in suite.cases where !evalCase.isPartial {
            let outcomes = CaseScorer(plan: suite.plan).score(expected: evalCase.expected, actual: evalCase.expected)
            let counts = FieldCounts(outcomes)
            if !suite.schema.isValid(evalCase.expected) || counts.correct != counts.total {
                warn("\(path) \(evalCase.id): the expected document does not score as valid with F1 1")
                ok = false
            }
            checked += 1
        }
        if !suite.caseFile.problems.isEmpty { ok = false }
        warn("\(suite.name): \(checked) expected documents score valid with F1 1")
    }
    return ok
}

struct ScoreError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

let arguments = Array(CommandLine.arguments.dropFirst())
let suites = Suites()
do {
    switch (arguments.first, arguments.count) {
    case ("cases", 2...):
        try cases(Array(arguments.dropFirst()), suites: suites)
    case ("score", 2):
        try score(manifestPath: arguments[1], suites: suites)
    case ("selftest", 2...):
        exit(try selftest(Array(arguments.dropFirst()), suites: suites) ? 0 : 1)
    default:
        warn("usage: quality-score cases <schema>... | score <manifest.json> | selftest <schema>...")
        exit(2)
    }
} catch {
    warn("\(error)")
    exit(1)
}
