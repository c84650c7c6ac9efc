import Foundation
import Quarry

/// Which provider `quarry extract` uses, and where it records.
struct ProviderSelection {
    let provider: any Provider
    let label: String
    let note: String?
    let recorder: (RecordingTransport, String, [String: String])?

    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    /// Picks the provider from the options and the environment.
    static func resolve(_ parsed: CommandLineArguments, schemaPath: String, name: String) throws -> ProviderSelection {
        let environment = ProcessInfo.processInfo.environment
        let hasKey = ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY"].contains {
            environment[$0]?.isEmpty == false
        }
        var requested = parsed.value("--provider")
        var defaultNote: String?
        var localURL: String?
        if requested == nil, !hasKey {
            // The embedded default: the real local model, started when needed; the recorded
            // cassette when it cannot run here (no compiler, no registry).
            do {
                localURL = try LocalModelLauncher.baseURL()
                requested = "local"
                defaultNote =
                    "no provider named and no API key set: using the local model (--provider replay for the recording)"
            } catch {
                requested = "replay"
                defaultNote =
                    "no provider named and no API key set, and the local model is unavailable (\(error)): replaying the recorded cassette"
            }
        }
        if requested == "replay" {
            let cassettePath = parsed.value("--cassette") ?? defaultCassettePath(schemaPath: schemaPath, name: name)
            guard FileManager.default.fileExists(atPath: cassettePath) else {
                throw Problem(
                    description:
                        "no cassette at \(cassettePath); name a provider (--provider local, or set an API key) or a cassette (--cassette FILE)"
                )
            }
            let cassette = try Cassette(contentsOfFile: cassettePath)
            let providerName = cassette.metadata["provider"] ?? "openai-compatible"
            let model = parsed.value("--model") ?? cassette.metadata["model"]
            guard
                let provider = ProviderCatalog.provider(
                    named: providerName, model: model, baseURL: "http://replay.invalid",
                    transport: ReplayTransport(cassette: cassette))
            else { throw Problem(description: "the cassette names an unknown provider '\(providerName)'") }
            return ProviderSelection(
                provider: provider, label: "\(providerName)/\(provider.model), replayed from \(cassettePath)",
                note: defaultNote.map { "\($0) \(cassettePath) (offline)" },
                recorder: nil)
        }
        var baseURL = parsed.value("--base-url")
        if requested == "local", baseURL == nil {
            baseURL = try localURL ?? LocalModelLauncher.baseURL()
        } else if requested == nil {
            baseURL = ProviderCatalog.localModelURL
        }
        var transport: any HTTPTransport = DefaultTransport.forBaseURL(baseURL ?? "https://")
        var recorder: (RecordingTransport, String, [String: String])?
        let providerName = requested ?? ProviderCatalog.fromEnvironment().name
        if let path = parsed.value("--record") {
            let existing = (try? Cassette(contentsOfFile: path)) ?? Cassette()
            let recording = RecordingTransport(base: transport, cassette: existing)
            transport = recording
            recorder = (recording, path, [:])
        }
        let chosen: (any Provider)?
        if requested == nil {
            chosen = ProviderCatalog.provider(
                named: providerName == "openai-compatible" ? "local" : providerName, transport: transport)
        } else {
            chosen = ProviderCatalog.provider(
                named: providerName, model: parsed.value("--model"), baseURL: baseURL, transport: transport)
        }
        guard let provider = chosen else {
            throw Problem(
                description:
                    "unknown provider '\(providerName)'; use one of \(ProviderCatalog.names.joined(separator: ", ")) or replay"
            )
        }
        if let (recording, path, _) = recorder {
            recorder = (
                recording, path,
                ["provider": provider.name == "openai-compatible" ? "local" : provider.name, "model": provider.model]
            )
        }
        return ProviderSelection(
            provider: provider, label: "\(provider.name)/\(provider.model)", note: defaultNote, recorder: recorder)
    }

    /// `examples/<name>.cassette.json` beside the schema.
    static func defaultCassettePath(schemaPath: String, name: String) -> String {
        // Kept relative when the schema path is, so messages show no machine paths.
        let directory =
            schemaPath.contains("/")
            ? String(schemaPath[...(schemaPath.lastIndex(of: "/") ?? schemaPath.startIndex)]) : ""
        return directory + "examples/\(name).cassette.json"
    }

    /// Writes the recording, if recording.
    func saveRecording() throws {
        guard let (recording, path, metadata) = recorder else { return }
        var cassette = recording.cassette
        for (key, value) in metadata { cassette.metadata[key] = value }
        try cassette.write(toFile: path)
    }
}
