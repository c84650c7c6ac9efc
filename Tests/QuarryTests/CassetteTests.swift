import Foundation
import Quarry
import QuarrySchema
import Testing

@Suite("Record and replay")
struct CassetteTests {
    let schema: Schema =
        (try? Schema(compiling: ["type": "object", "required": ["total"], "properties": ["total": ["type": "number"]]]))
        ?? (try! Schema(compiling: true))

    func chatResponse(_ content: String) -> HTTPResponse {
        let body: JSONValue = [
            "choices": [
                ["index": 0, "message": ["role": "assistant", "content": .string(content)], "finish_reason": "stop"]
            ],
            "usage": ["prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15], "model": "smollm2",
        ]
        return HTTPResponse(
            status: 200, headers: ["content-type": "application/json", "set-cookie": "secret"],
            body: Array(body.serialized().utf8))
    }

    @Test func aRecordingReplaysOfflineWithoutSecrets() async throws {
        let live = ScriptedTransport([.respond(chatResponse(#"{"total": 3}"#))])
        let recorder = RecordingTransport(base: live)
        let recording = OpenAIChatProvider(
            model: "smollm2", apiKey: "sk-live-SECRET-42", baseURL: "http://127.0.0.1:8080", transport: recorder)
        let first = try await Quarry(provider: recording, clock: ImmediateClock()).extract(
            "Total: 3", schema: schema, schemaName: "t")

        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "quarry-cassette-\(UUID().uuidString).json"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try recorder.cassette.write(toFile: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("sk-live-SECRET-42"))
        #expect(!text.contains("set-cookie"))

        // Another host and port, the same path and body: the same recording answers.
        let replaying = OpenAIChatProvider(
            model: "smollm2", apiKey: "sk-other", baseURL: "http://replay.invalid",
            transport: ReplayTransport(cassette: try Cassette(contentsOfFile: path)))
        let second = try await Quarry(provider: replaying, clock: ImmediateClock()).extract(
            "Total: 3", schema: schema, schemaName: "t")
        #expect(second.value == first.value)
        #expect(second.usage == first.usage)
    }

    /// The README's replayed demo (`quarry extract … --provider replay`, and the Examples
    /// package) answers from `schemas/examples/receipt.cassette.json`: a change to the receipt
    /// request (its prompt notes, its grammar) shows up here, not only in CI.
    @Test func theDemoCassetteStillAnswersTheReceiptRequest() async throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("schemas")
        let cassette = try Cassette(
            contentsOfFile: examples.appendingPathComponent("examples/receipt.cassette.json").path)
        let provider = try #require(
            ProviderCatalog.provider(
                named: "local", model: "smollm2", baseURL: "http://replay.invalid",
                transport: ReplayTransport(cassette: cassette)))
        let schema = try Schema(contentsOfFile: examples.appendingPathComponent("receipt.schema.json").path)
        let input = try String(
            contentsOf: examples.appendingPathComponent("examples/receipt.input.txt"), encoding: .utf8)
        let result = try await Quarry(provider: provider).extract(input, schema: schema, schemaName: "receipt")
        #expect(schema.isValid(result.value))
        #expect(result.attempts.count == 1)
    }

    @Test func aRequestWithoutARecordingFailsAtOnce() async throws {
        let replaying = OpenAIChatProvider(
            model: "smollm2", baseURL: "http://replay.invalid", transport: ReplayTransport(cassette: Cassette()))
        do {
            _ = try await Quarry(provider: replaying, clock: ImmediateClock()).extract(
                "changed prompt", schema: schema, schemaName: "t")
            Issue.record("replayed a request that was never recorded")
        } catch {
            guard case .transportFailed(let detail, let attempts) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(detail.contains("re-record"))
            #expect(attempts.count == 1)
        }
    }

    @Test func aResumedRecordingAnswersWhatItHoldsAndCallsOnlyForTheRest() async throws {
        // A first, interrupted recording: one extraction.
        let first = RecordingTransport(base: ScriptedTransport([.respond(chatResponse(#"{"total": 3}"#))]))
        let firstProvider = OpenAIChatProvider(model: "smollm2", baseURL: "http://127.0.0.1:8080", transport: first)
        _ = try await Quarry(provider: firstProvider, clock: ImmediateClock()).extract(
            "Total: 3", schema: schema, schemaName: "t")
        var saved = first.cassette
        // A stale exchange no request asks for any more.
        saved.interactions.append(
            Cassette.Interaction(
                key: "stale", request: HTTPRequest(url: "/v1/chat/completions"), response: chatResponse("{}")))

        // Resumed: the recorded input is answered from the cassette, the new one goes live.
        let live = ScriptedTransport([.respond(chatResponse(#"{"total": 5}"#))])
        let resumed = RecordingTransport(base: live, cassette: saved, replaysRecorded: true)
        let provider = OpenAIChatProvider(model: "smollm2", baseURL: "http://127.0.0.1:8080", transport: resumed)
        let quarry = Quarry(provider: provider, clock: ImmediateClock())
        let again = try await quarry.extract("Total: 3", schema: schema, schemaName: "t")
        #expect(again.json == ["total": 3])
        #expect(live.requests.isEmpty)
        let new = try await quarry.extract("Total: 5", schema: schema, schemaName: "t")
        #expect(new.json == ["total": 5])
        #expect(live.requests.count == 1)

        #expect(resumed.cassette.interactions.count == 3)
        let kept = resumed.cassetteOfThisRun.interactions.map(\.key)
        #expect(kept.count == 2)
        #expect(!kept.contains("stale"))
    }
}
