// Generated `decode(validating:)` against a plain `JSONDecoder` decode of the same generated
// type, in one process (shared machines are noisy: read the ratios). Build in release:
//   cd Examples && swift run -c release decode-bench

import Foundation
import Quarry
import QuarrySchema

let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "../../../schemas/examples"
).standardizedFileURL
let data = try Data(contentsOf: examples.appendingPathComponent("invoice.valid.json"))
let value = try JSONValue(parsing: [UInt8](data))
let iterations = 20_000

/// The best of five runs, in microseconds per call.
func measure(_ body: () throws -> Int) rethrows -> Double {
    var best = Double.infinity
    var sink = 0
    for _ in 0..<5 {
        let start = ContinuousClock.now
        for _ in 0..<iterations { sink &+= try body() }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        best = min(best, seconds / Double(iterations) * 1e6)
    }
    if sink == 42 { print("") }
    return best
}

_ = Invoice.schema  // compile the embedded schema before timing
let plain = try measure { try JSONDecoder().decode(Invoice.self, from: data).lineItems.count }
let validating = try measure { try Invoice.decode(validating: data).lineItems.count }
let validateOnly = measure { Invoice.schema.validate(value).errors.count + 1 }
let parseOnly = try measure { try JSONValue(parsing: [UInt8](data)).objectValue?.count ?? 0 }
print("invoice.valid.json, \(data.count) bytes, best of 5 × \(iterations):")
print(String(format: "  JSONDecoder().decode(Invoice.self)       %7.2f µs", plain))
print(
    String(
        format: "  Invoice.decode(validating:)              %7.2f µs  (×%.2f of JSONDecoder)", validating,
        validating / plain))
print(
    String(
        format: "    of which: parse %.2f µs, validate %.2f µs (validation is ×%.2f of the plain decode)", parseOnly,
        validateOnly, validateOnly / plain))
