import Foundation
import Quarry
import QuarryExampleTypes
import QuarrySchema
import Testing

/// The types the build plugin generated from `schemas/` (target `QuarryExampleTypes`) against
/// the examples' valid and invalid documents and the runtime.
@Suite struct GeneratedTypesTests {
    @Test func validInvoiceDecodesWithEveryField() throws {
        let invoice = try Invoice.decode(validating: RepositoryFiles.data("schemas/examples/invoice.valid.json"))
        #expect(invoice.invoiceNumber == "NWD-2025-0137")
        #expect(invoice.currency == .gbp)
        #expect(invoice.issueDate.rawValue == "2025-03-14")
        #expect(invoice.issueDate.parsed == DateComponents(year: 2025, month: 3, day: 14))
        #expect(invoice.lineItems.count == 4)
        #expect(invoice.lineItems.map(\.quantity) == [1, 1, 4, 3])
        #expect(invoice.total == 3374.36)
        #expect(invoice.vendor.address.region == nil)
    }

    @Test func invalidInvoiceFailsWithPointersAndKeywords() throws {
        let data = try RepositoryFiles.data("schemas/examples/invoice.invalid.json")
        #expect {
            _ = try Invoice.decode(validating: data)
        } throws: { error in
            guard case ValidatedDecodingError.invalid(let errors) = error else { return false }
            let pointers = Set(errors.map(\.instanceLocation.description))
            // The document's planted mistakes, each named by its instance pointer.
            return pointers.contains("/currency") && pointers.contains("/customer/address")
                && errors.contains { $0.keyword == "enum" } && errors.contains { $0.keyword == "required" }
        }
    }

    @Test func malformedJSONFailsWithLineAndColumn() {
        #expect {
            _ = try Receipt.decode(validating: Data("{\"merchant\": \"Café\",\n  \"total\": }".utf8))
        } throws: { error in
            guard case ValidatedDecodingError.malformedJSON(let parseError) = error else { return false }
            return parseError.line == 2
        }
    }

    @Test(arguments: RepositoryFiles.exampleSchemas)
    func validExamplesRoundTrip(_ name: String) throws {
        let data = try RepositoryFiles.data("schemas/examples/\(name).valid.json")
        let original = try JSONValue(parsing: [UInt8](data))
        let encoded: Data
        switch name {
        case "invoice": encoded = try JSONEncoder().encode(Invoice.decode(validating: data))
        case "receipt": encoded = try JSONEncoder().encode(Receipt.decode(validating: data))
        case "resume": encoded = try JSONEncoder().encode(Resume.decode(validating: data))
        default: encoded = try JSONEncoder().encode(SupportTicket.decode(validating: data))
        }
        #expect(try JSONValue(parsing: [UInt8](encoded)) == original)
    }

    @Test func embeddedSchemaIsTheFileAndItsHashMatches() throws {
        let fileSchema = try Schema(text: RepositoryFiles.text("schemas/invoice.schema.json"))
        #expect(Invoice.schemaHash == fileSchema.canonicalHash)
        #expect(Invoice.schema.canonicalHash == fileSchema.canonicalHash)
        #expect(Invoice.schemaName == "invoice")
        #expect(SupportTicket.schemaName == "support-ticket")
    }

    @Test func explicitNullAndAbsentStayApart() throws {
        // `summary` is required and nullable: an explicit null decodes to nil and encodes back as null.
        let data = try RepositoryFiles.data("schemas/examples/resume.valid.json")
        var resume = try Resume.decode(validating: data)
        resume.summary = nil
        resume.headline = nil
        let object = try JSONValue(parsing: [UInt8](JSONEncoder().encode(resume))).objectValue
        #expect(object?["summary"] == .null)
        #expect(object?.contains(key: "headline") == false)
    }

    @Test func extractIsCallableOnTheGeneratedType() async throws {
        let reply = try RepositoryFiles.text("schemas/examples/receipt.valid.json")
        let quarry = Quarry(provider: FixedReplyProvider(text: reply), clock: ImmediateClock())
        let extraction = try await Receipt.extract("any receipt text", using: quarry)
        #expect(extraction.value == (try Receipt.decode(validating: Data(reply.utf8))))
        #expect(extraction.attempts.count == 1)
        #expect(extraction.schemaHash == Receipt.schemaHash)
    }
}

/// A provider that answers every request with the same text.
struct FixedReplyProvider: Provider {
    let text: String
    var name: String { "fixed" }
    var model: String { "fixed-model" }
    var supportsConstrainedDecoding: Bool { true }

    func complete(_ request: ExtractionRequest) async throws(ProviderFailure) -> ProviderReply {
        ProviderReply(text: text, finishReason: .stop, usage: TokenUsage(inputTokens: 10, outputTokens: 20))
    }
}
