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
}
