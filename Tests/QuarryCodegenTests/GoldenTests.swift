import Foundation
import QuarryCodegen
import Testing

/// The generated text for each `schemas/` example is compared with a checked-in file, so a
/// change in generated code is always a reviewed diff. Regenerate with `scripts/update-golden`.
@Suite struct GoldenTests {
    @Test(arguments: RepositoryFiles.exampleSchemas)
    func generatedSourceMatchesGolden(_ name: String) throws {
        let text = try RepositoryFiles.text("schemas/\(name).schema.json")
        let generated = QuarryGenerator.generate(path: "\(name).schema.json", text: text)
        #expect(!generated.hasErrors, "\(generated.diagnostics)")
        let golden = try RepositoryFiles.text("Tests/QuarryCodegenTests/Golden/\(name).swift.golden")
        #expect(generated.source == golden, "regenerate with scripts/update-golden and review the diff")
    }

    @Test func generationIsDeterministic() throws {
        let text = try RepositoryFiles.text("schemas/support-ticket.schema.json")
        let first = QuarryGenerator.generate(path: "support-ticket.schema.json", text: text)
        let second = QuarryGenerator.generate(path: "support-ticket.schema.json", text: text)
        #expect(first.source != nil)
        #expect(first.source == second.source)
    }
}
