import Foundation
import QuarrySchema

/// The committed scores a run is compared with: `schemas/<name>.baseline.json`, written by
/// `quarry eval --update-baseline`.
///
/// It holds the summary scores, the per-field counts, every case's pass/fail and the result of
/// each scored field (so the gate can tell which fields regressed), the schema's canonical hash
/// and document (so a later run can name the schema changes since), the prompt hash and the
/// model. It holds no dates, so re-running with the same replies rewrites the same bytes.
public struct Baseline: Sendable, Hashable {
    /// One case as it scored in the baseline run.
    public struct Case: Sendable, Hashable {
        /// The case's identifier.
        public var id: String
        /// Whether it passed.
        public var passed: Bool
        /// Whether the extraction was valid.
        public var valid: Bool
        /// Its F1.
        public var f1: Double
        /// The result of each scored expected field, by pointer (``FieldOutcome/pointer``);
        /// invented fields are only counted.
        public var fields: [String: FieldResult]

        /// Creates a baseline case.
        public init(id: String, passed: Bool, valid: Bool, f1: Double, fields: [String: FieldResult]) {
            self.id = id
            self.passed = passed
            self.valid = valid
            self.f1 = f1
            self.fields = fields
        }
    }

    /// The schema's short name.
    public var schemaName: String
    /// The canonical hash of the schema.
    public var schemaHash: String
    /// The schema document, for naming the changes since.
    public var schemaDocument: JSONValue?
    /// The hash of the prompt instructions.
    public var promptHash: String
    /// `provider/model`.
    public var model: String
    /// The F1 a case needed to pass.
    public var passThreshold: Double
    /// The overall counts.
    public var counts: FieldCounts
    /// The share of cases with a valid extraction.
    public var validityRate: Double?
    /// Per-field counts.
    public var fields: [String: FieldCounts]
    /// The cases, in file order.
    public var cases: [Case]

    /// Creates a baseline.
    public init(
        schemaName: String, schemaHash: String, schemaDocument: JSONValue?, promptHash: String, model: String,
        passThreshold: Double, counts: FieldCounts, validityRate: Double?, fields: [String: FieldCounts],
        cases: [Case]
    ) {
        self.schemaName = schemaName
        self.schemaHash = schemaHash
        self.schemaDocument = schemaDocument
        self.promptHash = promptHash
        self.model = model
        self.passThreshold = passThreshold
        self.counts = counts
        self.validityRate = validityRate
        self.fields = fields
        self.cases = cases
    }

    /// The baseline of a run (its scored cases).
    public init(_ result: SuiteResult) {
        var fields: [String: FieldCounts] = [:]
        for score in result.fieldScores { fields[score.field] = score.counts }
        self.init(
            schemaName: result.name, schemaHash: result.schemaHash, schemaDocument: result.schemaDocument,
            promptHash: result.promptHash, model: result.model, passThreshold: result.passThreshold,
            counts: result.counts, validityRate: result.validityRate, fields: fields,
            cases: result.scoredCases.map { caseResult in
                // Invented fields are left out: they are never correct, so the gate cannot regress on
                // them, and a looping reply can invent hundreds (their counts are in `fields`).
                var outcomes: [String: FieldResult] = [:]
                for outcome in caseResult.outcomes where outcome.result != .invented {
                    outcomes[outcome.pointer.description] = outcome.result
                }
                return Case(
                    id: caseResult.id, passed: caseResult.passed, valid: caseResult.isValid, f1: caseResult.f1,
                    fields: outcomes)
            })
    }

    /// A case by identifier.
    public func baselineCase(_ id: String) -> Case? { cases.first { $0.id == id } }

    /// The baseline as JSON (keys in a fixed order, numbers rounded to 4 places).
    public var json: JSONValue {
        func counts(_ counts: FieldCounts) -> JSONValue {
            var object: JSONObject = [
                "correct": .number(JSONNumber(counts.correct)), "wrong": .number(JSONNumber(counts.wrong)),
                "omitted": .number(JSONNumber(counts.omitted)), "invented": .number(JSONNumber(counts.invented)),
            ]
            object["precision"] = Self.number(counts.precision)
            object["recall"] = Self.number(counts.recall)
            object["f1"] = Self.number(counts.f1)
            return .object(object)
        }
        var root: JSONObject = [
            "format": .number(JSONNumber(QuarryEvals.baselineFormatVersion)),
            "schema": .string(schemaName),
            "schema_hash": .string(schemaHash),
            "prompt_hash": .string(promptHash),
            "model": .string(model),
            "pass_threshold": Self.number(passThreshold),
        ]
        root["summary"] = [
            "cases": .number(JSONNumber(cases.count)),
            "passed": .number(JSONNumber(cases.filter(\.passed).count)),
            "validity_rate": Self.number(validityRate),
            "counts": counts(self.counts),
        ]
        root["fields"] = .object(JSONObject(fields.keys.sorted().map { ($0, counts(fields[$0] ?? FieldCounts())) }))
        root["cases"] = .array(
            cases.map { entry in
                [
                    "id": .string(entry.id), "passed": .bool(entry.passed), "valid": .bool(entry.valid),
                    "f1": Self.number(entry.f1),
                    "fields": .object(
                        JSONObject(entry.fields.keys.sorted().map { ($0, .string(entry.fields[$0]?.rawValue ?? "")) })),
                ]
            })
        if let schemaDocument { root["schema_document"] = schemaDocument }
        return .object(root)
    }

    /// Reads a baseline from its JSON form.
    public init(json: JSONValue) throws(EvalError) {
        func fail(_ reason: String) -> EvalError { .invalidBaseline(path: "", reason: reason) }
        guard case .object(let root) = json else { throw fail("not a JSON object") }
        guard root["format"]?.numberValue?.intValue == QuarryEvals.baselineFormatVersion else {
            throw fail("unknown format (expected \"format\": \(QuarryEvals.baselineFormatVersion))")
        }
        guard let name = root["schema"]?.stringValue, let hash = root["schema_hash"]?.stringValue,
            let prompt = root["prompt_hash"]?.stringValue, let model = root["model"]?.stringValue
        else { throw fail("missing schema, schema_hash, prompt_hash or model") }
        func counts(_ value: JSONValue?) -> FieldCounts {
            FieldCounts(
                correct: value?["correct"]?.numberValue?.intValue ?? 0,
                wrong: value?["wrong"]?.numberValue?.intValue ?? 0,
                omitted: value?["omitted"]?.numberValue?.intValue ?? 0,
                invented: value?["invented"]?.numberValue?.intValue ?? 0)
        }
        var fields: [String: FieldCounts] = [:]
        for (field, value) in root["fields"]?.objectValue ?? JSONObject() { fields[field] = counts(value) }
        var cases: [Case] = []
        for entry in root["cases"]?.arrayValue ?? [] {
            guard let id = entry["id"]?.stringValue, let passed = entry["passed"]?.boolValue else {
                throw fail("a case lacks id or passed")
            }
            var results: [String: FieldResult] = [:]
            for (pointer, value) in entry["fields"]?.objectValue ?? JSONObject() {
                guard let text = value.stringValue, let result = FieldResult(rawValue: text) else {
                    throw fail("case '\(id)' has an unknown field result at \(pointer)")
                }
                results[pointer] = result
            }
            cases.append(
                Case(
                    id: id, passed: passed, valid: entry["valid"]?.boolValue ?? true,
                    f1: entry["f1"]?.numberValue?.doubleValue ?? 0, fields: results))
        }
        self.init(
            schemaName: name, schemaHash: hash, schemaDocument: root["schema_document"], promptHash: prompt,
            model: model,
            passThreshold: root["pass_threshold"]?.numberValue?.doubleValue ?? 0.8,
            counts: counts(root["summary"]?["counts"]),
            validityRate: root["summary"]?["validity_rate"]?.numberValue?.doubleValue,
            fields: fields, cases: cases)
    }

    /// Loads a baseline file; `nil` when there is none.
    public static func load(path: String) throws(EvalError) -> Baseline? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "cannot read the baseline")
        }
        do {
            return try Baseline(json: try JSONValue(parsing: [UInt8](data)))
        } catch let error as EvalError {
            if case .invalidBaseline(_, let reason) = error { throw .invalidBaseline(path: path, reason: reason) }
            throw error
        } catch {
            throw .invalidBaseline(path: path, reason: "\(error)")
        }
    }

    /// Writes the baseline as pretty JSON with a final newline.
    public func write(to path: String) throws {
        try Data((json.serialized(pretty: true) + "\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    static func number(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number(JSONNumber((value * 10_000).rounded() / 10_000) ?? JSONNumber(0))
    }
}
