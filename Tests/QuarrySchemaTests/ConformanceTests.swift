import QuarrySchema
import Testing

/// The official JSON-Schema-Test-Suite's required tests: every case of every file must pass,
/// none skipped.
@Suite("JSON Schema Test Suite — required")
struct ConformanceTests {
    static let expectedCounts: [Draft: Int] = [.draft2020_12: 1_299, .draft2019_09: 1_259, .draft7: 927]

    @Test("draft 2020-12", arguments: TestSuiteFixtures.files(.draft2020_12, optional: false))
    func draft202012(file: String) throws {
        let failures = TestSuiteFixtures.failures(
            of: try TestSuiteFixtures.cases(in: file), draft: .draft2020_12, assertsFormat: false)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test("draft 2019-09", arguments: TestSuiteFixtures.files(.draft2019_09, optional: false))
    func draft201909(file: String) throws {
        let failures = TestSuiteFixtures.failures(
            of: try TestSuiteFixtures.cases(in: file), draft: .draft2019_09, assertsFormat: false)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test("draft 7", arguments: TestSuiteFixtures.files(.draft7, optional: false))
    func draft7(file: String) throws {
        let failures = TestSuiteFixtures.failures(
            of: try TestSuiteFixtures.cases(in: file), draft: .draft7, assertsFormat: false)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test("every required case is counted", arguments: [Draft.draft2020_12, .draft2019_09, .draft7])
    func caseCounts(draft: Draft) throws {
        var total = 0
        for file in TestSuiteFixtures.files(draft, optional: false) {
            total += try TestSuiteFixtures.cases(in: file).count
        }
        #expect(total == Self.expectedCounts[draft])
    }
}
