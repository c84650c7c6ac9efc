/// Workload `overhead`: Quarry's own time per extraction (request build, reply parse,
/// validation, typed decode) through a zero-latency fake transport, against the same work done
/// by hand with `JSONSerialization` + `JSONDecoder` (no validation), in the same process.
///
/// Inputs: `schemas/invoice.schema.json` and `schemas/examples/invoice.valid.json` (the reply
/// content). Target (issue): under 50 µs per extraction for the 2 KB invoice.

import Foundation
import Quarry
import QuarrySchema

enum Overhead {
    static let model = "gpt-4.1-mini"
    static let baseURL = "http://bench.invalid"
    static let schemaName = "invoice"

    /// The text the extraction runs on (what a caller passes as `input`).
    static let input = """
        From: accounts@northwind-design.example
        Subject: Invoice NWD-2025-0137

        Hello Halcyon team,

        Please find our invoice NWD-2025-0137 dated 14 March 2025, due 13 April 2025 (Net 30).
        Northwind Design Studio Ltd, Unit 4, 18 Tanner Street, London SE1 3LD, GB (VAT GB284619357)
        Billed to: Halcyon Coffee Roasters Ltd, 42 Gloucester Road, Bristol BS7 8AE, GB

        1 x Brand identity workshop (1 day, on site) [SRV-WKSHP-01] @ 1,200.00 = 1,200.00
        1 x Logo design – final artwork files [DES-LOGO] @ 850.00 = 850.00
        4 x Packaging label design (per coffee blend) [DES-LABEL] @ 175.50 = 702.00
        3 x Printed sample labels, box of 250 [PRT-SMP-250] @ 19.99 = 59.97

        Subtotal GBP 2,811.97, VAT 20% 562.39, total GBP 3,374.36.
        Pay by bank transfer to Northwind Design Studio Ltd, sort code 20-45-77, account 63018842;
        quote the invoice number as the reference.
        """

    /// The compiled schema, loaded once before timing (``Invoice/schema`` reads it).
    nonisolated(unsafe) static var loadedSchema: Schema?

    /// The invoice of `schemas/invoice.schema.json` as a Codable, ``Extractable`` type.
    struct Invoice: Codable, Extractable {
        struct Address: Codable, Sendable {
            var street: String
            var city: String
            var region: String?
            var postalCode: String
            var country: String
            enum CodingKeys: String, CodingKey {
                case street, city, region, country
                case postalCode = "postal_code"
            }
        }
        struct Party: Codable, Sendable {
            var name: String
            var address: Address
            var vatId: String?
            var email: String?
            enum CodingKeys: String, CodingKey {
                case name, address, email
                case vatId = "vat_id"
            }
        }
        struct LineItem: Codable, Sendable {
            var description: String
            var sku: String?
            var quantity: Int
            var unitPrice: Double
            var amount: Double
            enum CodingKeys: String, CodingKey {
                case description, sku, quantity, amount
                case unitPrice = "unit_price"
            }
        }
        var invoiceNumber: String
        var issueDate: String
        var dueDate: String?
        var vendor: Party
        var customer: Party
        var currency: String
        var lineItems: [LineItem]
        var subtotal: Double
        var taxRatePercent: Double?
        var tax: Double
        var total: Double
        var paymentTerms: String?
        var notes: String?
        enum CodingKeys: String, CodingKey {
            case vendor, customer, currency, subtotal, tax, total, notes
            case invoiceNumber = "invoice_number"
            case issueDate = "issue_date"
            case dueDate = "due_date"
            case lineItems = "line_items"
            case taxRatePercent = "tax_rate_percent"
            case paymentTerms = "payment_terms"
        }

        static var schema: Schema {
            guard let schema = Overhead.loadedSchema else { fatalError("Overhead.loadedSchema not set") }
            return schema
        }
        static var schemaName: String { Overhead.schemaName }
    }

    /// A transport with no latency and no state: every request gets the same prebuilt response.
    /// (`ScriptedTransport` would do, but it keeps every request it is sent — thousands of request
    /// bodies of ~6 KB each — which would grow memory during the timed loop.)
    struct FixedTransport: HTTPTransport {
        let response: HTTPResponse
        func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse { response }
    }

    /// A Chat Completions success response whose `choices[0].message.content` is `content`.
    static func chatCompletionsResponse(content: String) -> HTTPResponse {
        let body: JSONValue = [
            "id": "chatcmpl-bench0001",
            "object": "chat.completion",
            "created": 1_741_950_000,
            "model": "gpt-4.1-mini-2025-04-14",
            "choices": [
                [
                    "index": 0,
                    "message": ["role": "assistant", "content": .string(content), "refusal": .null],
                    "logprobs": .null,
                    "finish_reason": "stop",
                ]
            ],
            "usage": [
                "prompt_tokens": 1_912, "completion_tokens": 431, "total_tokens": 2_343,
                "prompt_tokens_details": ["cached_tokens": 0],
            ],
            "system_fingerprint": "fp_bench",
        ]
        return HTTPResponse(
            status: 200,
            headers: [
                "Content-Type": "application/json", "x-request-id": "req_bench", "openai-processing-ms": "0",
            ],
            body: JSONSerializer().bytes(of: body))
    }
}

/// Names of the measured paths, in report order.
enum OverheadPath {
    static let extract = "extract (JSONValue), deadline nil"
    static let extractDeadline = "extract (JSONValue), default deadline 120 s"
    static let typed = "extract(Invoice.self), deadline nil"
    static let typedDeadline = "extract(Invoice.self), default deadline 120 s"
    static let byHand = "by hand: JSONSerialization + JSONDecoder, no validation"
    static let all = [extract, extractDeadline, typed, typedDeadline, byHand]

    static let stageBuild = "build request (prompt + httpRequest(for:))"
    static let stageReply = "read reply (reply(from:): parse response body)"
    static let stageLenient = "LenientJSONParser.parse(content)"
    static let stageValidate = "schema.validate(value)"
    static let stageHash = "schema.canonicalHash (per Extraction)"
    static let stageDecode = "Invoice.decode(fromValid:) (JSONValueDecoder)"
    static let stages = [stageBuild, stageReply, stageLenient, stageValidate, stageHash, stageDecode]

    static let handBuild = "by hand: JSONSerialization.data(request body)"
    static let handResponse = "by hand: JSONSerialization.jsonObject(response)"
    static let handDecode = "by hand: JSONDecoder().decode(Invoice, content)"
    static let handStages = [handBuild, handResponse, handDecode]
}

func runOverhead(repoRoot: String, manifest: Manifest, into results: inout Results) async throws {
    let schemaPath = repoRoot + "/schemas/invoice.schema.json"
    let replyPath = repoRoot + "/schemas/examples/invoice.valid.json"
    let replyBytes = try readBytes(replyPath)
    let replyText = String(decoding: replyBytes, as: UTF8.self)
    let schemaDocument = try parse(schemaPath)
    let schema = try Schema(compiling: schemaDocument)
    Overhead.loadedSchema = schema
    let response = Overhead.chatCompletionsResponse(content: replyText)
    log(
        "overhead: invoice reply \(replyBytes.count) bytes, HTTP response body \(response.body.count) bytes, input \(Overhead.input.utf8.count) bytes"
    )

    let provider = OpenAIChatProvider(
        model: Overhead.model, apiKey: "sk-bench", baseURL: Overhead.baseURL,
        transport: Overhead.FixedTransport(response: response))
    let quarry = Quarry(provider: provider, policy: ExtractionPolicy(deadline: nil), clock: ImmediateClock())
    let quarryDeadline = Quarry(provider: provider, policy: ExtractionPolicy(), clock: ImmediateClock())

    // What Quarry sends, for the by-hand side to reproduce (and for the log).
    let policy = ExtractionPolicy(deadline: nil)
    let prompt = ExtractionPrompt.standard
    func extractionRequest() -> ExtractionRequest {
        ExtractionRequest(
            messages: prompt.messages(for: Overhead.input, schema: schema.document, includesSchema: false),
            schemaName: Overhead.schemaName, schema: schema.document, mode: .constrained,
            maxOutputTokens: policy.maximumOutputTokens, temperature: policy.temperature,
            samplingOptions: policy.samplingOptions)
    }
    let quarryRequest = provider.httpRequest(for: extractionRequest())

    // ---- The by-hand reference: same request body, same response bytes, no validation.
    let foundationSchema = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: schemaPath)))
    let responseData = Data(response.body)
    let systemText = prompt.instructions
    let url = Overhead.baseURL + "/v1/chat/completions"
    struct HandRequest {
        var url: String
        var headers: [String: String]
        var body: Data
    }
    @inline(never) func handBody() -> [String: Any] {
        [
            "model": Overhead.model,
            "messages": [
                ["role": "system", "content": systemText],
                ["role": "user", "content": Overhead.input],
            ],
            "temperature": 0,
            "max_tokens": 2_048,
            "response_format": [
                "type": "json_schema",
                "json_schema": ["name": Overhead.schemaName, "strict": false, "schema": foundationSchema],
            ],
        ]
    }
    @inline(never) func handContent() throws -> String {
        guard let json = try JSONSerialization.jsonObject(with: responseData) as? [String: Any],
            let choices = json["choices"] as? [Any], let choice = choices.first as? [String: Any],
            let message = choice["message"] as? [String: Any], let content = message["content"] as? String
        else { throw BenchError("by hand: no choices[0].message.content") }
        return content
    }
    @inline(never) func byHand() throws -> (HandRequest, Overhead.Invoice) {
        let body = handBody()
        let request = HandRequest(
            url: url,
            headers: [
                "content-type": "application/json", "accept": "application/json", "authorization": "Bearer sk-bench",
            ],
            body: try JSONSerialization.data(withJSONObject: body))
        // "Receive" the response bytes.
        let content = try handContent()
        let invoice = try JSONDecoder().decode(Overhead.Invoice.self, from: Data(content.utf8))
        return (request, invoice)
    }

    // ---- Check both sides do the same work before timing.
    let (handRequest, handInvoice) = try byHand()
    let quarryBody = try JSONValue(parsing: quarryRequest.body)
    let handBodyValue = try JSONValue(parsing: [UInt8](handRequest.body))
    guard quarryBody.canonicalText == handBodyValue.canonicalText else {
        throw BenchError("the by-hand request body differs from Quarry's:\n\(quarryBody)\n\(handBodyValue)")
    }
    log(
        "  request body: Quarry \(quarryRequest.body.count) bytes, by hand \(handRequest.body.count) bytes (same JSON); \(quarryRequest.url)"
    )
    let first: Extraction<JSONValue>
    do { first = try await quarry.extract(Overhead.input, schema: schema, schemaName: Overhead.schemaName) } catch {
        throw BenchError("Quarry extraction failed: \(error)")
    }
    guard first.attempts.count == 1, first.attempts[0].errors.isEmpty, first.attempts[0].repairs.isEmpty,
        first.value == (try JSONValue(parsing: replyBytes))
    else { throw BenchError("unexpected extraction: \(first.attempts)") }
    let typedFirst: Extraction<Overhead.Invoice>
    do { typedFirst = try await quarry.extract(Overhead.Invoice.self, from: Overhead.input) } catch {
        throw BenchError("typed extraction failed: \(error)")
    }
    guard typedFirst.value.lineItems.count == handInvoice.lineItems.count,
        typedFirst.value.total == handInvoice.total, typedFirst.value.invoiceNumber == handInvoice.invoiceNumber
    else { throw BenchError("typed and by-hand invoices differ") }

    // ---- Timed.
    let n = manifest.counts.overheadExtractions ?? 5_000
    let runs = manifest.counts.overheadRuns ?? 5
    // The by-hand path is several times slower on Linux's Foundation: fewer iterations, same rate.
    let handN = max(n / 5, 100)
    func record(_ name: String, _ measurement: Measurement, workload: String = "overhead") {
        results[workload, default: [:]][name] = Result(measurement)
    }

    record(
        OverheadPath.extract,
        try await measureAsync("Quarry extract ×\(n)", operations: n, runs: runs) {
            var total = 0
            for _ in 0..<n {
                total += try await quarry.extract(Overhead.input, schema: schema, schemaName: Overhead.schemaName)
                    .attempts.count
            }
            return total
        })
    record(
        OverheadPath.extractDeadline,
        try await measureAsync("Quarry extract, default deadline ×\(n)", operations: n, runs: runs) {
            var total = 0
            for _ in 0..<n {
                total += try await quarryDeadline.extract(
                    Overhead.input, schema: schema, schemaName: Overhead.schemaName
                ).attempts.count
            }
            return total
        })
    record(
        OverheadPath.typed,
        try await measureAsync("Quarry extract(Invoice.self) ×\(n)", operations: n, runs: runs) {
            var total = 0
            for _ in 0..<n {
                total += try await quarry.extract(Overhead.Invoice.self, from: Overhead.input).value.lineItems.count
            }
            return total
        })
    record(
        OverheadPath.typedDeadline,
        try await measureAsync("Quarry extract(Invoice.self), default deadline ×\(n)", operations: n, runs: runs) {
            var total = 0
            for _ in 0..<n {
                total += try await quarryDeadline.extract(Overhead.Invoice.self, from: Overhead.input).value.lineItems
                    .count
            }
            return total
        })
    record(
        OverheadPath.byHand,
        try measure("by hand (JSONSerialization + JSONDecoder) ×\(handN)", operations: handN, runs: runs) {
            var total = 0
            for _ in 0..<handN {
                let (request, invoice) = try byHand()
                total += request.body.count + invoice.lineItems.count
            }
            return total
        })

    // ---- Stages, each timed alone (public API only), to show where Quarry's time goes.
    let value = first.value
    func stage(_ name: String, _ body: () -> Int) {
        record(name, measure("stage: \(name) ×\(n)", operations: n, runs: runs, body), workload: "overhead_stage")
    }
    stage(OverheadPath.stageBuild) {
        var total = 0
        for _ in 0..<n { total += provider.httpRequest(for: extractionRequest()).body.count }
        return total
    }
    stage(OverheadPath.stageReply) {
        var total = 0
        for _ in 0..<n { total += (try? provider.reply(from: response))?.payload?.utf8.count ?? -1 }
        return total
    }
    stage(OverheadPath.stageLenient) {
        var total = 0
        for _ in 0..<n {
            if case .success(let (parsed, _)) = LenientJSONParser.parse(replyText) {
                total += parsed.objectValue?.count ?? 0
            }
        }
        return total
    }
    stage(OverheadPath.stageValidate) {
        var total = 0
        for _ in 0..<n { total += schema.validate(value).errors.count + 1 }
        return total
    }
    stage(OverheadPath.stageHash) {
        var total = 0
        for _ in 0..<n { total += schema.canonicalHash.utf8.count }
        return total
    }
    stage(OverheadPath.stageDecode) {
        var total = 0
        for _ in 0..<n { total += (try? Overhead.Invoice.decode(fromValid: value))?.lineItems.count ?? -1 }
        return total
    }
    func handStage(_ name: String, _ body: () -> Int) {
        record(
            name, measure("stage: \(name) ×\(handN)", operations: handN, runs: runs, body), workload: "overhead_stage")
    }
    handStage(OverheadPath.handBuild) {
        var total = 0
        for _ in 0..<handN { total += (try? JSONSerialization.data(withJSONObject: handBody()))?.count ?? -1 }
        return total
    }
    handStage(OverheadPath.handResponse) {
        var total = 0
        for _ in 0..<handN { total += (try? handContent())?.utf8.count ?? -1 }
        return total
    }
    let content = try handContent()
    handStage(OverheadPath.handDecode) {
        var total = 0
        for _ in 0..<handN {
            total += (try? JSONDecoder().decode(Overhead.Invoice.self, from: Data(content.utf8)))?.lineItems.count ?? -1
        }
        return total
    }
}

/// `quarry-bench profile overhead N`: just the typed extraction loop (deadline nil), for perf.
func profileOverhead(repoRoot: String, count: Int, deadline: Bool) async throws {
    let schema = try Schema(compiling: try parse(repoRoot + "/schemas/invoice.schema.json"))
    Overhead.loadedSchema = schema
    let replyText = String(decoding: try readBytes(repoRoot + "/schemas/examples/invoice.valid.json"), as: UTF8.self)
    let provider = OpenAIChatProvider(
        model: Overhead.model, apiKey: "sk-bench", baseURL: Overhead.baseURL,
        transport: Overhead.FixedTransport(response: Overhead.chatCompletionsResponse(content: replyText)))
    let quarry = Quarry(
        provider: provider, policy: deadline ? ExtractionPolicy() : ExtractionPolicy(deadline: nil),
        clock: ImmediateClock())
    var total = 0
    for _ in 0..<count {
        do {
            total += try await quarry.extract(Overhead.Invoice.self, from: Overhead.input).value.lineItems.count
        } catch { throw BenchError("\(error)") }
    }
    consume(total)
}

/// `quarry-bench profile overhead-STAGE N`: one stage of the overhead workload in a loop, for
/// perf; `overhead-stages` times every stage (best of five runs, µs per call).
func profileOverheadStage(repoRoot: String, stage: String, count: Int) async throws {
    let schema = try Schema(compiling: try parse(repoRoot + "/schemas/invoice.schema.json"))
    Overhead.loadedSchema = schema
    let replyText = String(decoding: try readBytes(repoRoot + "/schemas/examples/invoice.valid.json"), as: UTF8.self)
    let response = Overhead.chatCompletionsResponse(content: replyText)
    let provider = OpenAIChatProvider(
        model: Overhead.model, apiKey: "sk-bench", baseURL: Overhead.baseURL,
        transport: Overhead.FixedTransport(response: response))
    let quarry = Quarry(provider: provider, policy: ExtractionPolicy(deadline: nil), clock: ImmediateClock())
    let quarryDeadline = Quarry(provider: provider, policy: ExtractionPolicy(), clock: ImmediateClock())
    let policy = ExtractionPolicy(deadline: nil)
    let prompt = ExtractionPrompt.standard
    let value = try JSONValue(parsing: replyText)
    func extractionRequest() -> ExtractionRequest {
        ExtractionRequest(
            messages: prompt.messages(for: Overhead.input, schema: schema.document, includesSchema: false),
            schemaName: Overhead.schemaName, schema: schema.document, mode: .constrained,
            maxOutputTokens: policy.maximumOutputTokens, temperature: policy.temperature,
            samplingOptions: policy.samplingOptions)
    }
    let stages: [(String, () async throws -> Int)] = [
        ("build", { provider.httpRequest(for: extractionRequest()).body.count }),
        ("reply", { (try? provider.reply(from: response))?.payload?.utf8.count ?? -1 }),
        (
            "lenient",
            {
                if case .success(let (parsed, _)) = LenientJSONParser.parse(replyText) {
                    return parsed.objectValue?.count ?? 0
                }
                return -1
            }
        ),
        ("validate", { schema.validate(value).errors.count }),
        ("isvalid", { schema.isValid(value) ? 1 : 0 }),
        ("decode", { (try? Overhead.Invoice.decode(fromValid: value))?.lineItems.count ?? -1 }),
        (
            "json",
            {
                try await quarry.extract(Overhead.input, schema: schema, schemaName: Overhead.schemaName).attempts.count
            }
        ),
        (
            "json-deadline",
            {
                try await quarryDeadline.extract(Overhead.input, schema: schema, schemaName: Overhead.schemaName)
                    .attempts
                    .count
            }
        ),
        ("typed", { try await quarry.extract(Overhead.Invoice.self, from: Overhead.input).value.lineItems.count }),
        (
            "typed-deadline",
            {
                try await quarryDeadline.extract(Overhead.Invoice.self, from: Overhead.input).value.lineItems.count
            }
        ),
    ]
    // Wall time, and the process's CPU time (steadier when other work shares the cores).
    func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
    let clock = ContinuousClock()
    for (name, body) in stages where stage == "stages" || stage == name {
        var best = Double.infinity
        var bestCPU = Double.infinity
        for _ in 0..<5 {
            let start = clock.now
            let startCPU = cpuSeconds()
            var total = 0
            for _ in 0..<count { total += try await body() }
            consume(total)
            bestCPU = min(bestCPU, (cpuSeconds() - startCPU) * 1e6 / Double(count))
            best = min(best, (clock.now - start).seconds * 1e6 / Double(count))
        }
        print("\(name): \(String(format: "%.2f", best)) µs wall, \(String(format: "%.2f", bestCPU)) µs CPU")
    }
}
