import Foundation
import QuarrySchema

// quarry-bench — see Benchmarks/README.md.
//
//   quarry-bench generate [--quick]                 write .data/ (20 MB document, manifest)
//   quarry-bench run [--reference FILE] [--json-out FILE] [--only suite,invoice,big,overhead]
//   quarry-bench profile invoice|invoice-validate|invoice-parse|big-parse|suite|overhead|overhead-deadline N
//   quarry-bench profile overhead-build|-reply|-lenient|-validate|-decode|-json|-stages N   one overhead stage
//   quarry-bench example                            print the committed Data/invoice.valid.json
//
// --bench-dir DIR overrides the Benchmarks directory (default: found from this source file).

var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    let value = arguments[index + 1]
    arguments.removeSubrange(index...index + 1)
    return value
}
@MainActor func flag(_ name: String) -> Bool {
    guard let index = arguments.firstIndex(of: name) else { return false }
    arguments.remove(at: index)
    return true
}

let benchDirectory = URL(
    fileURLWithPath: option("--bench-dir")
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
).standardizedFileURL.path
let repoRoot = URL(fileURLWithPath: benchDirectory).deletingLastPathComponent().standardizedFileURL.path
let command = arguments.first ?? "run"
arguments = Array(arguments.dropFirst())

do {
    switch command {
    case "generate":
        try generate(benchDirectory: benchDirectory, quick: flag("--quick"))
    case "profile":
        // quarry-bench profile invoice|invoice-parse|big-parse|suite|overhead N — just the loop, for perf/callgrind.
        let workload = arguments.first ?? "invoice"
        let count = arguments.count > 1 ? Int(arguments[1]) ?? 1_000 : 1_000
        if workload == "overhead" || workload == "overhead-deadline" {
            // Needs no manifest: reads schemas/ directly.
            try waitFor {
                try await profileOverhead(repoRoot: repoRoot, count: count, deadline: workload == "overhead-deadline")
            }
            break
        }
        if workload.hasPrefix("overhead-") {
            // overhead-build, overhead-reply, overhead-lenient, overhead-validate, overhead-decode,
            // overhead-json (JSONValue extract, no deadline), overhead-stages (all, timed).
            try waitFor {
                try await profileOverheadStage(
                    repoRoot: repoRoot, stage: String(workload.dropFirst("overhead-".count)), count: count)
            }
            break
        }
        let manifest = try JSONDecoder().decode(
            Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: benchDirectory + "/.data/manifest.json")))
        try profile(
            manifest, workload: arguments.first ?? "invoice",
            count: arguments.count > 1 ? Int(arguments[1]) ?? 1_000 : 1_000)
    case "example":
        print(try exampleInvoice(), terminator: "")
    case "run":
        let referencePath = option("--reference")
        let jsonOut = option("--json-out")
        let only = Set((option("--only") ?? "suite,invoice,big,overhead").split(separator: ",").map(String.init))
        let manifestData = try Data(contentsOf: URL(fileURLWithPath: benchDirectory + "/.data/manifest.json"))
        let manifest = try JSONDecoder().decode(Manifest.self, from: manifestData)
        var results: Results = [:]
        if only.contains("suite") { try runSuite(manifest, into: &results) }
        if only.contains("invoice") { try runInvoice(manifest, into: &results) }
        if only.contains("big") { try runBig(manifest, into: &results) }
        if only.contains("overhead") {
            let overhead = try waitFor { () async throws -> Results in
                var overhead: Results = [:]
                try await runOverhead(repoRoot: repoRoot, manifest: manifest, into: &overhead)
                return overhead
            }
            results.merge(overhead) { $1 }
        }
        if let jsonOut {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(results).write(to: URL(fileURLWithPath: jsonOut))
        }
        let reference = try referencePath.map { path in
            try JSONDecoder().decode(ReferenceFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        }
        print(report(quarry: results, reference: reference, manifest: manifest))
    default:
        log("unknown command \(command); use generate, run or example")
        exit(2)
    }
} catch {
    log("quarry-bench: \(error)")
    exit(1)
}
