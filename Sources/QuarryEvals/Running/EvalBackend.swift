import Foundation
import Quarry
import QuarrySchema

/// Builds the extractors `quarry eval` uses: replaying a suite's cassette (the default, no
/// network), or recording a live provider into one.
public enum EvalBackend {
    /// The extraction policy evals use: the runtime's defaults, except that a reply may take
    /// 1 024 tokens (a truncated one gets one retry at 2 048), so a small model that loops costs
    /// minutes, not a quarter of an hour, per case. Recording and replaying must use the same
    /// policy, because the request (and so the cassette key) depends on it.
    public static var policy: ExtractionPolicy { ExtractionPolicy(maximumOutputTokens: 1_024) }

    /// An extractor that answers every request from the cassette at `path`, with no network. A
    /// request without a recording fails its case with
    /// ``CaseRun/Status/missingRecording(_:)``.
    ///
    /// - Throws: ``EvalError/unreadable(path:reason:)`` when there is no cassette, and
    ///   ``EvalError/invalidCassette(path:reason:)`` when it cannot be read.
    public static func replaying(
        cassetteAt path: String, prompt: ExtractionPrompt = .standard, policy: ExtractionPolicy = policy
    ) throws(EvalError) -> QuarryExtractor {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .unreadable(
                path: path, reason: "no recorded replies; record them with 'quarry eval --record' (needs a model)")
        }
        let cassette: Cassette
        do {
            cassette = try Cassette(contentsOfFile: path)
        } catch {
            throw .invalidCassette(path: path, reason: "\(error)")
        }
        return try replaying(cassette, path: path, prompt: prompt, policy: policy)
    }

    /// An extractor replaying `cassette`; `path` only names it in errors.
    public static func replaying(
        _ cassette: Cassette, path: String = "<memory>", prompt: ExtractionPrompt = .standard,
        policy: ExtractionPolicy = policy
    ) throws(EvalError) -> QuarryExtractor {
        let ledger = ReplayLedger()
        let providerName = cassette.metadata["provider"] ?? "openai-compatible"
        guard
            let provider = ProviderCatalog.provider(
                named: providerName, model: cassette.metadata["model"], baseURL: "http://replay.invalid",
                transport: LedgerReplayTransport(replay: ReplayTransport(cassette: cassette), ledger: ledger))
        else { throw .invalidCassette(path: path, reason: "the cassette names an unknown provider '\(providerName)'") }
        var policy = policy
        policy.deadline = nil  // Replies are instant; no timer tasks.
        let quarry = Quarry(provider: provider, policy: policy, prompt: prompt, clock: ImmediateClock())
        return QuarryExtractor(quarry: quarry, ledger: ledger)
    }

    /// An extractor that sends every request to `provider` and records each exchange in
    /// ``EvalRecording/recorder``; save it with ``EvalRecording/save(to:omitting:keepingOnlyThisRun:)``.
    ///
    /// - Parameters:
    ///   - providerName: a name `ProviderCatalog` knows (`local`, `openai`, ...).
    ///   - model: the model, or `nil` for the provider's default.
    ///   - baseURL: the server, or `nil` for the provider's default.
    ///   - transport: how requests reach the server.
    ///   - prompt: the instructions sent with every request.
    ///   - policy: attempts, limits and deadline; replay must use the same (see ``policy``).
    ///   - earlier: a cassette to resume: the requests it holds are answered from it, and only
    ///     the others reach the provider.
    public static func recording(
        providerNamed providerName: String, model: String? = nil, baseURL: String? = nil,
        transport: any HTTPTransport, prompt: ExtractionPrompt = .standard, policy: ExtractionPolicy = policy,
        resumingFrom earlier: Cassette? = nil
    ) -> EvalRecording? {
        let recorder = RecordingTransport(
            base: transport, cassette: earlier ?? Cassette(), replaysRecorded: earlier != nil)
        guard
            let provider = ProviderCatalog.provider(
                named: providerName, model: model, baseURL: baseURL, transport: recorder)
        else { return nil }
        let quarry = Quarry(provider: provider, policy: policy, prompt: prompt)
        let recordedName = providerName == "openai-compatible" ? "local" : providerName
        return EvalRecording(
            extractor: QuarryExtractor(quarry: quarry), recorder: recorder,
            metadata: ["provider": recordedName, "model": provider.model])
    }
}

/// A live extractor and the recorder behind it.
public struct EvalRecording: Sendable {
    /// Runs the cases against the live provider.
    public let extractor: QuarryExtractor
    /// Holds every exchange so far.
    public let recorder: RecordingTransport
    /// The provider and model, stored in the cassette so replay rebuilds the same requests.
    public let metadata: [String: String]

    /// Writes the recorded exchanges, replacing the file.
    ///
    /// To keep eval cassettes small and free of machine details, each recorded request keeps
    /// only the URL's path, and the schema inside a request body (the structured-output format,
    /// or a verbatim copy of `schema`) is replaced by a note; the key, computed from the full
    /// request when it was recorded, still matches only the same request.
    ///
    /// With `keepingOnlyThisRun`, exchanges of a resumed cassette that no request of this run
    /// used are dropped (for the save at the end of a complete run).
    public func save(to path: String, omitting schema: JSONValue? = nil, keepingOnlyThisRun: Bool = false) throws {
        var cassette = keepingOnlyThisRun ? recorder.cassetteOfThisRun : recorder.cassette
        for (key, value) in metadata { cassette.metadata[key] = value }
        cassette.interactions = cassette.interactions.map { interaction in
            var interaction = interaction
            if let scheme = interaction.request.url.range(of: "://") {
                let rest = interaction.request.url[scheme.upperBound...]
                interaction.request.url = rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
            }
            if let body = try? JSONValue(parsing: interaction.request.body) {
                interaction.request.body = Array(Self.slimmed(body, schema: schema).serialized().utf8)
            }
            return interaction
        }
        try cassette.write(toFile: path)
    }

    /// The request body without the schema it carries: the OpenAI-style
    /// `response_format.json_schema.schema` (which request shaping may have rewritten), the
    /// grammar compiled from it (llama.cpp's `grammar`), and any verbatim copy of `schema`.
    static func slimmed(_ body: JSONValue, schema: JSONValue?) -> JSONValue {
        let note: JSONValue = "(the schema sent, derived from the schema file; omitted, the key covers it)"
        var body = body
        if case .object(var root) = body, case .string? = root["grammar"] {
            root["grammar"] = "(the grammar compiled from the schema; omitted, the key covers it)"
            body = .object(root)
        }
        if case .object(var root) = body, case .object(var format)? = root["response_format"],
            case .object(var jsonSchema)? = format["json_schema"], jsonSchema["schema"] != nil
        {
            jsonSchema["schema"] = note
            format["json_schema"] = .object(jsonSchema)
            root["response_format"] = .object(format)
            body = .object(root)
        }
        guard let schema else { return body }
        return replacing(schema, in: body, with: note)
    }

    static func replacing(_ target: JSONValue, in value: JSONValue, with note: JSONValue) -> JSONValue {
        if value == target { return note }
        switch value {
        case .object(let object):
            return .object(JSONObject(object.map { ($0.key, replacing(target, in: $0.value, with: note)) }))
        case .array(let array):
            return .array(array.map { replacing(target, in: $0, with: note) })
        default:
            return value
        }
    }
}
