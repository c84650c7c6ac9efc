import Foundation
import QuarrySchema

/// Everything both sides need to run the same workloads; written by `quarry-bench generate`
/// into `.data/manifest.json` and read by quarry-bench and reference.py alike.
struct Manifest: Codable {
    var suiteDirectory: String
    var remotesDirectory: String
    var remotesBaseURI: String
    var invoiceSchema: String
    var invoiceInstance: String
    var invoiceSource: String
    var bigDocument: String
    var bigDocumentBytes: Int
    var bigRecords: Int
    var bigSchema: String
    var bigInvoiceSchema: String
    var bigInvoiceURI: String
    var counts: Counts

    struct Counts: Codable {
        /// Passes over the whole 2020-12 required suite per timed run.
        var suiteRepeats: Int
        /// Passes for python-jsonschema (slow).
        var suiteRepeatsSlow: Int
        /// Validations of the invoice per timed run (the 100 000).
        var invoiceValidations: Int
        /// python-jsonschema is ~100× slower: fewer validations per run, reported as a rate.
        var invoiceValidationsSlow: Int
        /// Parse-only iterations of the 2 KB invoice per run.
        var invoiceParses: Int
        /// Timed runs of each workload (median reported).
        var runs: Int
        /// Timed runs of each 20 MB workload.
        var bigRuns: Int
        /// Timed runs of the 20 MB python-jsonschema validation (slow).
        var bigRunsSlow: Int
        /// Extractions per timed run of the `overhead` workload (Swift only; optional so an
        /// older manifest still decodes — default 5 000).
        var overheadExtractions: Int? = nil
        /// Timed runs of each `overhead` path (default 5).
        var overheadRuns: Int? = nil
    }
}

func readBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

func parse(_ path: String) throws -> JSONValue {
    try JSONValue(parsing: readBytes(path))
}

// MARK: - generate

func generate(benchDirectory: String, quick: Bool) throws {
    let dataDirectory = benchDirectory + "/.data"
    try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
    let repoRoot = URL(fileURLWithPath: benchDirectory).deletingLastPathComponent().standardizedFileURL.path
    let suite = repoRoot + "/Tests/QuarrySchemaTests/Fixtures/JSON-Schema-Test-Suite"

    // (b): the project's own invoice schema and example if another engineer has written them.
    let projectSchema = repoRoot + "/schemas/invoice.schema.json"
    let projectExample = repoRoot + "/schemas/examples/invoice.valid.json"
    let ownSchema = benchDirectory + "/Data/invoice.schema.json"
    let ownExample = benchDirectory + "/Data/invoice.valid.json"
    let useProject =
        FileManager.default.fileExists(atPath: projectSchema) && FileManager.default.fileExists(atPath: projectExample)
    let invoiceSchema = useProject ? projectSchema : ownSchema
    let invoiceInstance = useProject ? projectExample : ownExample

    // (c): ~20 MB of records in the benchmark's own invoice shape (the Codable struct mirrors it).
    let targetBytes = quick ? 2_000_000 : 20_000_000
    let document = InvoiceGenerator.document(targetBytes: targetBytes, seed: 2026)
    let bigPath = dataDirectory + "/invoices-\(targetBytes / 1_000_000)MB.json"
    try Data(document).write(to: URL(fileURLWithPath: bigPath))
    guard case .array(let records) = try JSONValue(parsing: document) else {
        throw BenchError("generated document is not an array")
    }

    let invoiceURI = "urn:quarry-bench:invoice"
    let bigSchema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "description": "An array of invoice extraction replies.",
          "type": "array",
          "items": { "$ref": "\(invoiceURI)" }
        }

        """
    let bigSchemaPath = dataDirectory + "/invoices.schema.json"
    try bigSchema.write(toFile: bigSchemaPath, atomically: true, encoding: .utf8)

    let counts =
        quick
        ? Manifest.Counts(
            suiteRepeats: 20, suiteRepeatsSlow: 1, invoiceValidations: 10_000, invoiceValidationsSlow: 200,
            invoiceParses: 2_000, runs: 3,
            bigRuns: 2, bigRunsSlow: 1, overheadExtractions: 1_000, overheadRuns: 3)
        : Manifest.Counts(
            suiteRepeats: 200, suiteRepeatsSlow: 3, invoiceValidations: 100_000, invoiceValidationsSlow: 500,
            invoiceParses: 20_000, runs: 3,
            bigRuns: 5, bigRunsSlow: 1, overheadExtractions: 5_000, overheadRuns: 5)
    let manifest = Manifest(
        suiteDirectory: suite + "/tests/draft2020-12", remotesDirectory: suite + "/remotes",
        remotesBaseURI: "http://localhost:1234/", invoiceSchema: invoiceSchema, invoiceInstance: invoiceInstance,
        invoiceSource: useProject ? "schemas/ (project)" : "Benchmarks/Data (benchmark's own)",
        bigDocument: bigPath, bigDocumentBytes: document.count, bigRecords: records.count, bigSchema: bigSchemaPath,
        bigInvoiceSchema: ownSchema, bigInvoiceURI: invoiceURI, counts: counts)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try encoder.encode(manifest).write(to: URL(fileURLWithPath: dataDirectory + "/manifest.json"))
    log(
        "generated \(bigPath): \(document.count) bytes, \(records.count) invoices; invoice workload uses \(manifest.invoiceSource)"
    )
}

/// Writes the committed ~2 KB example (seed 1, 8 line items) — used to (re)create Data/invoice.valid.json.
func exampleInvoice() throws -> String {
    var generator = InvoiceGenerator(seed: 1)
    let text = generator.invoice(lineItems: 8)
    return JSONSerializer(pretty: true).string(of: try JSONValue(parsing: text)) + "\n"
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

// MARK: - results

/// One implementation's result for one workload: seconds per run and operations per run.
struct Result: Codable {
    var operationsPerRun: Int
    var samples: [Double]
    var median: Double
    var rate: Double
    var note: String?

    init(_ measurement: Measurement, note: String? = nil) {
        operationsPerRun = measurement.operationsPerRun
        samples = measurement.samples
        median = measurement.median
        rate = measurement.rate
        self.note = note
    }
}

typealias Results = [String: [String: Result]]

// MARK: - (a) the 2020-12 required suite

struct SuiteCase {
    var schema: Int
    var data: JSONValue
    var valid: Bool
}

func loadRemotes(_ manifest: Manifest) throws -> [String: JSONValue] {
    var documents: [String: JSONValue] = [:]
    let base = manifest.remotesDirectory
    guard let enumerator = FileManager.default.enumerator(atPath: base) else {
        throw BenchError("no remotes at \(base)")
    }
    while let relative = enumerator.nextObject() as? String {
        guard relative.hasSuffix(".json") else { continue }
        documents[manifest.remotesBaseURI + relative] = try parse(base + "/" + relative)
    }
    return documents
}

func runSuite(_ manifest: Manifest, into results: inout Results) throws {
    log("(a) draft 2020-12 required suite")
    let options = SchemaOptions(
        defaultDraft: .draft2020_12, resolver: InMemorySchemaResolver(try loadRemotes(manifest)))
    let files = try FileManager.default.contentsOfDirectory(atPath: manifest.suiteDirectory).filter {
        $0.hasSuffix(".json")
    }.sorted()
    var schemas: [Schema] = []
    var cases: [SuiteCase] = []
    var failedGroups = 0
    for file in files {
        guard case .array(let groups) = try parse(manifest.suiteDirectory + "/" + file) else { continue }
        for group in groups {
            guard let schemaDocument = group["schema"], case .array(let tests)? = group["tests"] else { continue }
            let schema: Schema
            do { schema = try Schema(compiling: schemaDocument, options: options) } catch {
                failedGroups += 1
                continue
            }
            schemas.append(schema)
            for test in tests {
                cases.append(
                    SuiteCase(
                        schema: schemas.count - 1, data: test["data"] ?? .null, valid: test["valid"]?.boolValue ?? false
                    ))
            }
        }
    }
    var mismatches = 0
    for testCase in cases where schemas[testCase.schema].isValid(testCase.data) != testCase.valid { mismatches += 1 }
    log(
        "  \(files.count) files, \(schemas.count) schemas, \(cases.count) instances, \(failedGroups) groups failed to compile, \(mismatches) wrong verdicts"
    )
    let repeats = manifest.counts.suiteRepeats
    let measurement = measure("Quarry isValid", operations: cases.count * repeats, runs: manifest.counts.runs) {
        var valid = 0
        for _ in 0..<repeats {
            for testCase in cases where schemas[testCase.schema].isValid(testCase.data) { valid += 1 }
        }
        return valid
    }
    results["suite", default: [:]]["Quarry"] = Result(
        measurement, note: "\(cases.count) instances, \(failedGroups) groups not compiled, \(mismatches) wrong verdicts"
    )
}

// MARK: - (b) one ~2 KB invoice

func runInvoice(_ manifest: Manifest, into results: inout Results) throws {
    let bytes = try readBytes(manifest.invoiceInstance)
    log("(b) invoice (\(bytes.count) bytes) from \(manifest.invoiceSource)")
    let schema = try Schema(compiling: try parse(manifest.invoiceSchema))
    let instance = try JSONValue(parsing: bytes)
    guard schema.isValid(instance) else {
        throw BenchError("the example invoice is not valid: \(schema.validate(instance).errors)")
    }
    let counts = manifest.counts
    let n = counts.invoiceValidations

    let isValid = measure("Quarry isValid ×\(n)", operations: n, runs: counts.runs) {
        var valid = 0
        for _ in 0..<n where schema.isValid(instance) { valid += 1 }
        return valid
    }
    results["invoice_is_valid", default: [:]]["Quarry"] = Result(isValid)

    let validate = measure("Quarry validate() ×\(n)", operations: n, runs: counts.runs) {
        var errors = 0
        for _ in 0..<n { errors += schema.validate(instance).errors.count }
        return errors
    }
    results["invoice_validate", default: [:]]["Quarry"] = Result(validate)

    let parseValidate = measure("Quarry parse+isValid ×\(n)", operations: n, runs: counts.runs) {
        var valid = 0
        for _ in 0..<n {
            guard let value = try? JSONValue(parsing: bytes) else { continue }
            if schema.isValid(value) { valid += 1 }
        }
        return valid
    }
    results["invoice_parse_validate", default: [:]]["Quarry"] = Result(parseValidate)

    // Parse only, in bytes per second.
    let parses = counts.invoiceParses
    let data = Data(bytes)
    let quarryParse = measure("Quarry parse ×\(parses)", operations: bytes.count * parses, runs: counts.runs) {
        var total = 0
        for _ in 0..<parses {
            if case .object(let object)? = try? JSONValue(parsing: bytes) { total += object.count }
        }
        return total
    }
    results["invoice_parse", default: [:]]["Quarry"] = Result(quarryParse)
    let serialization = measure("JSONSerialization ×\(parses)", operations: bytes.count * parses, runs: counts.runs) {
        var total = 0
        for _ in 0..<parses {
            if let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] { total += object.count }
        }
        return total
    }
    results["invoice_parse", default: [:]]["JSONSerialization"] = Result(serialization)
    if manifest.invoiceSource.hasPrefix("Benchmarks") {
        let decoder = JSONDecoder()
        let decodable = measure("JSONDecoder ×\(parses)", operations: bytes.count * parses, runs: counts.runs) {
            var total = 0
            for _ in 0..<parses {
                if let invoice = try? decoder.decode(Invoice.self, from: data) { total += invoice.lineItems.count }
            }
            return total
        }
        results["invoice_parse", default: [:]]["JSONDecoder"] = Result(decodable)
    }
}

// MARK: - (c) ~20 MB array of invoices

func runBig(_ manifest: Manifest, into results: inout Results) throws {
    let bytes = try readBytes(manifest.bigDocument)
    let data = Data(bytes)
    log("(c) \(manifest.bigDocument) (\(bytes.count) bytes, \(manifest.bigRecords) invoices)")
    let counts = manifest.counts

    // Check all three agree on the record count before timing.
    guard case .array(let records) = try JSONValue(parsing: bytes),
        let foundation = try JSONSerialization.jsonObject(with: data) as? [Any],
        case let decoded = try JSONDecoder().decode([Invoice].self, from: data),
        records.count == manifest.bigRecords, foundation.count == records.count, decoded.count == records.count
    else { throw BenchError("the parsers disagree about the 20 MB document") }

    let quarry = measure("Quarry parse", operations: bytes.count, runs: counts.bigRuns) {
        bytes.withUnsafeBufferPointer { buffer in
            if case .array(let array)? = try? JSONParser().parse(buffer) { return array.count }
            return -1
        }
    }
    results["big_parse", default: [:]]["Quarry"] = Result(quarry)
    let serialization = measure("JSONSerialization.jsonObject", operations: bytes.count, runs: counts.bigRuns) {
        ((try? JSONSerialization.jsonObject(with: data)) as? [Any])?.count ?? -1
    }
    results["big_parse", default: [:]]["JSONSerialization"] = Result(serialization)
    let decodable = measure("JSONDecoder [Invoice]", operations: bytes.count, runs: counts.bigRuns) {
        (try? JSONDecoder().decode([Invoice].self, from: data))?.count ?? -1
    }
    results["big_parse", default: [:]]["JSONDecoder"] = Result(decodable)

    let invoiceSchema = try parse(manifest.bigInvoiceSchema)
    let options = SchemaOptions(resolver: InMemorySchemaResolver([manifest.bigInvoiceURI: invoiceSchema]))
    let schema = try Schema(compiling: try parse(manifest.bigSchema), options: options)
    let document = JSONValue.array(records)
    guard schema.isValid(document) else {
        throw BenchError("the 20 MB document is not valid: \(schema.validate(document).errors.prefix(3))")
    }
    let validate = measure("Quarry isValid (20 MB, parsed)", operations: bytes.count, runs: counts.bigRuns) {
        schema.isValid(document) ? 1 : 0
    }
    results["big_validate", default: [:]]["Quarry"] = Result(validate)
}

// MARK: - profiling entry point

func profile(_ manifest: Manifest, workload: String, count: Int) throws {
    switch workload {
    case "invoice", "invoice-validate":
        let schema = try Schema(compiling: try parse(manifest.invoiceSchema))
        let instance = try parse(manifest.invoiceInstance)
        var valid = 0
        if workload == "invoice" {
            for _ in 0..<count where schema.isValid(instance) { valid += 1 }
        } else {
            for _ in 0..<count { valid += schema.validate(instance).errors.count }
        }
        consume(valid)
    case "invoice-parse":
        let bytes = try readBytes(manifest.invoiceInstance)
        for _ in 0..<count { if case .object(let object)? = try? JSONValue(parsing: bytes) { consume(object.count) } }
    case "big-parse":
        let bytes = try readBytes(manifest.bigDocument)
        for _ in 0..<count { if case .array(let array)? = try? JSONValue(parsing: bytes) { consume(array.count) } }
    case "suite":
        var results: Results = [:]
        try runSuite(manifest, into: &results)
    default:
        throw BenchError("unknown profile workload \(workload)")
    }
}
