import Foundation
import QuarrySchema

/// The official JSON-Schema-Test-Suite copied into `Fixtures/JSON-Schema-Test-Suite` (MIT; the
/// source commit is in its `SOURCE.txt`).
enum TestSuiteFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/JSON-Schema-Test-Suite")

    /// One test case of the suite.
    struct Case: Sendable {
        let file: String
        let group: String
        let description: String
        let schema: JSONValue
        let data: JSONValue
        let valid: Bool

        var identifier: String { "\(file) :: \(group) :: \(description)" }
    }

    /// The suite directory name of a draft.
    static func directory(_ draft: Draft) -> String {
        switch draft {
        case .draft2020_12: return "draft2020-12"
        case .draft2019_09: return "draft2019-09"
        default: return "draft\(draft.rawValue)"
        }
    }

    /// Test files of a draft relative to `tests/`, required ones or optional ones.
    static func files(_ draft: Draft, optional: Bool) -> [String] {
        let base = root.appendingPathComponent("tests").appendingPathComponent(directory(draft))
        let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)
        var files: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "json" else { continue }
            let relative = String(url.path.dropFirst(base.path.count + 1))
            if relative.hasPrefix("optional/") == optional { files.append(directory(draft) + "/" + relative) }
        }
        return files.sorted()
    }

    /// The cases in one file (a path relative to `tests/`).
    static func cases(in file: String) throws -> [Case] {
        let text = try String(
            contentsOf: root.appendingPathComponent("tests").appendingPathComponent(file), encoding: .utf8)
        guard case .array(let groups) = try JSONValue(parsing: text) else { return [] }
        var cases: [Case] = []
        for group in groups {
            let groupDescription = group["description"]?.stringValue ?? "?"
            guard let schema = group["schema"], case .array(let tests)? = group["tests"] else { continue }
            for test in tests {
                cases.append(
                    Case(
                        file: file, group: groupDescription, description: test["description"]?.stringValue ?? "?",
                        schema: schema, data: test["data"] ?? .null, valid: test["valid"]?.boolValue ?? false))
            }
        }
        return cases
    }

    /// The suite's `remotes/`, served as `http://localhost:1234/...`.
    static let remotes: InMemorySchemaResolver = {
        let base = root.appendingPathComponent("remotes")
        var documents: [String: JSONValue] = [:]
        let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "json", let text = try? String(contentsOf: url, encoding: .utf8),
                let document = try? JSONValue(parsing: text)
            else { continue }
            documents["http://localhost:1234/" + String(url.path.dropFirst(base.path.count + 1))] = document
        }
        return InMemorySchemaResolver(documents)
    }()

    /// Runs cases; returns the identifiers of those whose verdict differs from the suite's.
    static func failures(of cases: [Case], draft: Draft, assertsFormat: Bool) -> [String] {
        var failures: [String] = []
        var compiled: [String: Result<Schema, SchemaError>] = [:]
        for testCase in cases {
            let key = testCase.file + "::" + testCase.group
            let schema: Result<Schema, SchemaError>
            if let cached = compiled[key] {
                schema = cached
            } else {
                let options = SchemaOptions(defaultDraft: draft, assertsFormat: assertsFormat, resolver: remotes)
                schema = Result { () throws(SchemaError) -> Schema in
                    try Schema(compiling: testCase.schema, options: options)
                }
                compiled[key] = schema
            }
            switch schema {
            case .failure(let error):
                failures.append(testCase.identifier + " — schema error: \(error)")
            case .success(let schema):
                let fast = schema.isValid(testCase.data)
                let full = schema.validate(testCase.data)
                if fast != testCase.valid || full.isValid != testCase.valid {
                    failures.append(
                        testCase.identifier
                            + " — expected \(testCase.valid ? "valid" : "invalid"), isValid=\(fast), validate=\(full.isValid)"
                    )
                }
            }
        }
        return failures
    }
}
