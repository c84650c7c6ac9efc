import QuarrySchema
import Testing

/// The suite's optional tests (format assertion, bignum, ECMA-262 regex, ...). They are not
/// required for compliance, but they run on every `swift test`: any group that fails must be
/// listed in ``knownFailingGroups`` with its reason, and a listed group that starts passing
/// fails the test too, so the list stays true.
@Suite("JSON Schema Test Suite — optional")
struct OptionalConformanceTests {
    /// `file :: group` → why Quarry does not pass it.
    static let knownFailingGroups: [String: String] = [:]

    static func run(_ draft: Draft, file: String) throws -> (
        passed: Int, total: Int, failingGroups: Set<String>, failures: [String]
    ) {
        let cases = try TestSuiteFixtures.cases(in: file)
        let failures = TestSuiteFixtures.failures(of: cases, draft: draft, assertsFormat: file.contains("/format/"))
        var failingGroups = Set<String>()
        for testCase in cases where failures.contains(where: { $0.hasPrefix(testCase.identifier + " — ") }) {
            failingGroups.insert(testCase.file + " :: " + testCase.group)
        }
        return (cases.count - failures.count, cases.count, failingGroups, failures)
    }

    static func check(_ draft: Draft, file: String) throws {
        let result = try run(draft, file: file)
        print("optional \(file): \(result.passed)/\(result.total)")
        let expected = Set(knownFailingGroups.keys.filter { $0.hasPrefix(file + " :: ") })
        let unexpected = result.failingGroups.subtracting(expected)
        let nowPassing = expected.subtracting(result.failingGroups)
        #expect(
            unexpected.isEmpty,
            "newly failing: \(result.failures.filter { failure in unexpected.contains { failure.hasPrefix($0) } }.joined(separator: "\n"))"
        )
        #expect(
            nowPassing.isEmpty,
            "listed as failing but passes now — remove from knownFailingGroups: \(nowPassing.sorted())")
    }

    @Test("draft 2020-12", arguments: TestSuiteFixtures.files(.draft2020_12, optional: true))
    func draft202012(file: String) throws { try Self.check(.draft2020_12, file: file) }

    @Test("draft 2019-09", arguments: TestSuiteFixtures.files(.draft2019_09, optional: true))
    func draft201909(file: String) throws { try Self.check(.draft2019_09, file: file) }

    @Test("draft 7", arguments: TestSuiteFixtures.files(.draft7, optional: true))
    func draft7(file: String) throws { try Self.check(.draft7, file: file) }
}
