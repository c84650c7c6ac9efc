// Uses the types the build plugin generated from receipt.schema.json and invoice.schema.json
// (symlinks to the repository's schemas/): no hand-written models.

import Foundation
import Quarry
import QuarrySchema

let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "../../../schemas/examples"
).standardizedFileURL

func contents(_ name: String) throws -> Data { try Data(contentsOf: examples.appendingPathComponent(name)) }

// 1. A valid document decodes into the generated type.
let invoice = try Invoice.decode(validating: contents("invoice.valid.json"))
print("Invoice \(invoice.invoiceNumber) from \(invoice.vendor.name): \(invoice.lineItems.count) lines,")
print("  total \(invoice.total) \(invoice.currency.rawValue), issued \(invoice.issueDate.rawValue)")

// 2. An invalid one fails with every error, each at its JSON pointer.
let invalid = try contents("invoice.invalid.json")
do {
    _ = try Invoice.decode(validating: invalid)
} catch .invalid(let errors) {
    print("invoice.invalid.json has \(errors.count) errors:")
    for error in errors.prefix(5) { print("  \(error)") }
} catch {
    print("invoice.invalid.json: \(error)")
}

// 3. Extraction with the generated type, replaying the recorded local-model reply (offline).
let cassette = try Cassette(contentsOfFile: examples.appendingPathComponent("receipt.cassette.json").path)
guard
    let provider = ProviderCatalog.provider(
        named: "local", model: "smollm2", baseURL: "http://replay.invalid",
        transport: ReplayTransport(cassette: cassette))
else { throw ExampleError(message: "the local provider is missing from the catalog") }
let text = try String(decoding: contents("receipt.input.txt"), as: UTF8.self)
let extraction = try await Receipt.extract(text, using: Quarry(provider: provider))
print("Receipt from \(extraction.value.merchant): \(extraction.value.total) \(extraction.value.currency)")
print(
    "  \(extraction.attempts.count) attempt(s), \(extraction.usage.totalTokens) tokens, schema \(Receipt.schemaHash.prefix(12))…"
)

/// A failure of the example itself.
struct ExampleError: Error {
    let message: String
}
