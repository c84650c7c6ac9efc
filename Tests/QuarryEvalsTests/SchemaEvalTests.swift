import Foundation
import QuarryEvals
import Testing

/// The example schemas' evals as Swift tests: each case of `schemas/<name>.cases.jsonl` is one
/// test, replayed from the recorded cassette and compared with the committed baseline. A case
/// fails only when it got worse than the baseline (see ``EvalHarness``).
///
/// A schema whose recording is still under way (`quarry eval --record-missing` saves the
/// cassette as it goes, and writes the baseline only at the end) has no baseline yet; its cases
/// are not listed until it has one.
@Suite("Example schema evals")
struct SchemaEvalTests {
    static let names = ["invoice", "receipt", "resume", "support-ticket"]

    /// The harness of a schema with a committed baseline, or `nil` while it has none.
    static func harness(_ name: String) -> Result<EvalHarness, EvalError>? {
        let baseline = RepositoryFile.path("schemas/\(name).baseline.json")
        guard FileManager.default.fileExists(atPath: baseline) else { return nil }
        do {
            return .success(try EvalHarness.replaying(schemaAt: RepositoryFile.path("schemas/\(name).schema.json")))
        } catch {
            return .failure(error)
        }
    }

    static let invoiceEvals = harness("invoice")
    static let receiptEvals = harness("receipt")
    static let resumeEvals = harness("resume")
    static let ticketEvals = harness("support-ticket")

    static func check(_ harness: Result<EvalHarness, EvalError>?, _ evalCase: EvalCase) async throws {
        let harness = try #require(try harness?.get())
        let check = await harness.check(evalCase)
        #expect(!check.isRegression, "\(check.message)")
    }

    @Test func everySchemaWithABaselineLoadsWithoutProblems() throws {
        let loaded = [Self.invoiceEvals, Self.receiptEvals, Self.resumeEvals, Self.ticketEvals].compactMap { $0 }
        // The receipt's recording is complete and committed: at least that one runs.
        #expect(Self.receiptEvals != nil)
        for result in loaded {
            let harness = try result.get()
            #expect(harness.problems.isEmpty, "\(harness.problems)")
            #expect(harness.cases.count >= 30)
            #expect(harness.baseline != nil)
        }
    }

    @Test(arguments: (try? invoiceEvals?.get())?.cases ?? [])
    func invoice(_ evalCase: EvalCase) async throws { try await Self.check(Self.invoiceEvals, evalCase) }

    @Test(arguments: (try? receiptEvals?.get())?.cases ?? [])
    func receipt(_ evalCase: EvalCase) async throws { try await Self.check(Self.receiptEvals, evalCase) }

    @Test(arguments: (try? resumeEvals?.get())?.cases ?? [])
    func resume(_ evalCase: EvalCase) async throws { try await Self.check(Self.resumeEvals, evalCase) }

    @Test(arguments: (try? ticketEvals?.get())?.cases ?? [])
    func supportTicket(_ evalCase: EvalCase) async throws { try await Self.check(Self.ticketEvals, evalCase) }
}
