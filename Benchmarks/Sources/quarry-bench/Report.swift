import Foundation

/// What reference.py prints: metadata and the same `Results` shape quarry-bench produces.
struct ReferenceFile: Decodable {
    var meta: [String: String]
    var results: Results
}

private func grouped(_ value: Double, decimals: Int = 0) -> String {
    guard value.isFinite else { return "—" }
    if decimals > 0 || value < 100 { return String(format: "%.\(max(decimals, value < 10 ? 2 : 1))f", value) }
    let digits = String(Int(value.rounded()))
    var out = ""
    for (index, character) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
        out.append(character)
    }
    return out
}

/// `×3.2` means Quarry does 3.2 times the work per second of the other; `×0.5` means half.
private func ratio(_ quarry: Double?, _ other: Double?) -> String {
    guard let quarry, let other, other > 0, quarry.isFinite, other.isFinite else { return "—" }
    let value = quarry / other
    return "×" + String(format: value >= 10 ? "%.1f" : "%.2f", value)
}

private func table(_ header: [String], _ rows: [[String]]) -> String {
    var widths = header.map(\.count)
    for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { index, cell in
            let pad = String(repeating: " ", count: widths[index] - cell.count)
            return index == 0 ? cell + pad : pad + cell
        }.joined(separator: " | ")
    }
    let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "-|-")
    return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
}

func report(quarry: Results, reference: ReferenceFile?, manifest: Manifest) -> String {
    var merged = quarry
    for (workload, implementations) in reference?.results ?? [:] {
        for (name, result) in implementations { merged[workload, default: [:]][name] = result }
    }
    func rate(_ workload: String, _ implementation: String) -> Double? { merged[workload]?[implementation]?.rate }
    let rs = "jsonschema-rs"
    let py = "python-jsonschema"

    var out: [String] = []
    let meta = reference?.meta ?? [:]
    out.append(
        "Quarry benchmark — \(ProcessInfo.processInfo.activeProcessorCount) cores (shared), median of timed runs after warm-up; ratios are Quarry's throughput ÷ the other's, same run."
    )
    out.append(
        "References: \(meta["python"].map { "Python \($0)" } ?? "no reference results"), jsonschema-rs \(meta["jsonschema_rs"] ?? "?"), jsonschema \(meta["jsonschema"] ?? "?"), orjson \(meta["orjson"] ?? "absent")"
    )
    out.append(
        "Invoice schema: \(manifest.invoiceSource). 20 MB document: \(manifest.bigDocumentBytes) bytes, \(manifest.bigRecords) invoices. MB = 10^6 bytes."
    )
    out.append("")

    func validationRow(
        _ label: String, _ workload: String, unit: String = "validations/s", transform: (Double) -> Double = { $0 },
        invert: Bool = false
    ) -> [String] {
        let values = ["Quarry", rs, py].map { rate(workload, $0).map(transform) }
        let cells = values.map { $0.map { grouped($0, decimals: invert ? 2 : 0) } ?? "—" }
        // For times (µs), a smaller number is better: flip the ratio so ×>1 still means Quarry is faster.
        let vsRS = invert ? ratio(values[1], values[0]) : ratio(values[0], values[1])
        let vsPY = invert ? ratio(values[2], values[0]) : ratio(values[0], values[2])
        return [label, unit] + cells + [vsRS, vsPY]
    }
    let suiteNote = merged["suite"]?["Quarry"]?.note ?? ""
    var rows = [
        validationRow("(a) 2020-12 required suite, isValid", "suite"),
        validationRow("(b) invoice isValid, parsed instance", "invoice_is_valid"),
        validationRow(
            "(b) invoice isValid, parsed instance", "invoice_is_valid", unit: "µs/validation", transform: { 1e6 / $0 },
            invert: true),
        validationRow("(b) invoice all errors (validate / iter_errors)", "invoice_validate"),
        validationRow("(b) invoice parse + isValid from bytes", "invoice_parse_validate"),
        validationRow("(c) 20 MB array isValid, parsed", "big_validate", unit: "MB/s", transform: { $0 / 1e6 }),
    ]
    rows.append(
        validationRow(
            "(c) 20 MB array isValid, parsed", "big_validate", unit: "invoices/s",
            transform: { $0 / Double(manifest.bigDocumentBytes) * Double(manifest.bigRecords) }))
    let hasValidationOrParsing = ["suite", "invoice_is_valid", "invoice_parse", "big_parse", "big_validate"].contains {
        merged[$0] != nil
    }
    if !hasValidationOrParsing {
        // `--only overhead`: no validation or parsing results to show.
        return (out + overheadReport(merged) + ["TARGETS"] + overheadTargets(merged)).joined(separator: "\n")
    }
    out.append("VALIDATION")
    out.append(table(["workload", "unit", "Quarry", rs, py, "Quarry vs rs", "Quarry vs py"], rows))
    out.append("(a) Quarry: \(suiteNote)")
    for name in [rs, py] { if let note = merged["suite"]?[name]?.note { out.append("(a) \(name): \(note)") } }
    if let floor = merged["rs_conversion_floor"]?[rs] {
        out.append(
            "jsonschema-rs is_valid(dict) reads the Python objects lazily while validating (no up-front conversion): against the schema {} the same invoice takes \(grouped(1e6 / floor.rate, decimals: 2)) µs. Its (b) numbers are is_valid on an already-parsed dict, binding overhead included."
        )
    }
    out.append("")

    func parseRow(_ label: String, _ workload: String) -> [String] {
        let names = ["Quarry", "JSONSerialization", "JSONDecoder"]
        let values = names.map { rate(workload, $0).map { $0 / 1e6 } }
        let python = ["json.loads", "orjson.loads"].map {
            rate(workload, $0).map { grouped($0 / 1e6, decimals: 1) } ?? "—"
        }
        return [label] + values.map { $0.map { grouped($0, decimals: 1) } ?? "—" }
            + [ratio(values[0], values[1]), ratio(values[0], values[2])] + python
    }
    out.append("PARSING (MB/s)")
    out.append(
        table(
            [
                "document", "Quarry parser", "JSONSerialization", "JSONDecoder (Codable)",
                "Quarry vs JSONSerialization", "Quarry vs JSONDecoder", "python json.loads", "orjson.loads",
            ],
            [parseRow("(b) 2 KB invoice", "invoice_parse"), parseRow("(c) 20 MB invoice array", "big_parse")]))
    out.append("")

    out.append(contentsOf: overheadReport(merged))
    out.append("TARGETS")
    func verdict(_ ok: Bool?) -> String { ok.map { $0 ? "PASS" : "FAIL" } ?? "n/a" }
    let parseRatio = rate("big_parse", "Quarry").flatMap { q in rate("big_parse", "JSONSerialization").map { q / $0 } }
    out.append(
        "  parse (c) ≥3× JSONSerialization: \(parseRatio.map { String(format: "%.2f×", $0) } ?? "—") \(verdict(parseRatio.map { $0 >= 3 }))"
    )
    let quarryMicros = rate("invoice_is_valid", "Quarry").map { 1e6 / $0 }
    let rsMicros = rate("invoice_is_valid", rs).map { 1e6 / $0 }
    let pyMicros = rate("invoice_is_valid", py).map { 1e6 / $0 }
    if let q = quarryMicros, let r = rsMicros {
        out.append(
            String(
                format:
                    "  validate (b) within 2× of jsonschema-rs time: Quarry %.2f µs vs rs %.2f µs = %.2f× rs's time %@",
                q, r, q / r, verdict(q <= 2 * r)))
    } else {
        out.append("  validate (b) within 2× of jsonschema-rs: n/a")
    }
    if let q = quarryMicros, let p = pyMicros {
        out.append(
            String(format: "  validate (b) ≥10× faster than python-jsonschema: %.1f× %@", p / q, verdict(p / q >= 10)))
    } else {
        out.append("  validate (b) ≥10× faster than python-jsonschema: n/a")
    }
    out.append(contentsOf: overheadTargets(merged))
    return out.joined(separator: "\n")
}

/// The `overhead` workload's table (empty when it did not run): µs per extraction per path,
/// the ratio to the by-hand reference, and the stages timed alone.
private func overheadReport(_ merged: Results) -> [String] {
    guard let paths = merged["overhead"] else { return [] }
    func micros(_ result: Result?) -> Double? { result.map { $0.median * 1e6 / Double($0.operationsPerRun) } }
    let byHand = micros(paths[OverheadPath.byHand])
    var rows: [[String]] = []
    for name in OverheadPath.all {
        let value = micros(paths[name])
        let vsHand = value.flatMap { v in byHand.map { String(format: "%.2f×", v / $0) } } ?? "—"
        let target = name == OverheadPath.byHand ? "" : value.map { $0 < 50 ? "PASS" : "FAIL" } ?? "—"
        rows.append([name, value.map { String(format: "%.2f", $0) } ?? "—", vsHand, target])
    }
    var out = ["RUNTIME OVERHEAD (µs per extraction)"]
    out.append(table(["path", "µs/extraction", "÷ by-hand time", "< 50 µs"], rows))
    out.append(
        "Zero-latency fake transport (a prebuilt Chat Completions response whose content is schemas/examples/invoice.valid.json), OpenAIChatProvider gpt-4.1-mini, ImmediateClock. Quarry: request build + reply parse + lenient parse + validate (+ JSONValueDecoder for Invoice.self). By hand: the same request body with JSONSerialization, JSONSerialization of the same response, JSONDecoder into Invoice, no validation."
    )
    if let stages = merged["overhead_stage"] {
        let stageRows = (OverheadPath.stages + OverheadPath.handStages).map { name in
            [name, micros(stages[name]).map { String(format: "%.2f", $0) } ?? "—"]
        }
        out.append(
            "Stages timed alone (µs each). Quarry's stages do not sum to its total: the rest is the per-call Task of DeadlineRace, attempts, events, cost."
        )
        out.append(table(["stage", "µs"], stageRows))
    }
    out.append("")
    return out
}

private func overheadTargets(_ merged: Results) -> [String] {
    guard let paths = merged["overhead"] else { return [] }
    func micros(_ name: String) -> Double? {
        paths[name].map { $0.median * 1e6 / Double($0.operationsPerRun) }
    }
    guard let untyped = micros(OverheadPath.extract), let typed = micros(OverheadPath.typed) else { return [] }
    let hand = micros(OverheadPath.byHand)
    let worst = max(untyped, typed)
    return [
        String(
            format:
                "  overhead < 50 µs per extraction (2 KB invoice, deadline nil): extract %.2f µs, typed %.2f µs%@ %@",
            untyped, typed, hand.map { String(format: " (by hand %.2f µs)", $0) } ?? "", worst < 50 ? "PASS" : "FAIL")
    ]
}
