import Foundation
import Quarry
import QuarryEvals
import QuarrySchema

/// A directory under the system's temporary directory, for suites written to disk.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-evals-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Removes the directory and everything in it (call it in a `defer` where it is created).
    func remove() { try? FileManager.default.removeItem(at: url) }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
    }

    func read(_ name: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
    }
}

/// An extractor that answers from a table keyed by the input text, validating like the runtime.
struct FixedExtractor: EvalExtractor {
    let replies: [String: JSONValue]
    var promptHash: String { "fixed-prompt" }
    var label: String { "fixed/table" }

    func extract(_ input: String, caseID: String, suite: EvalSuite) async -> CaseRun {
        guard let reply = replies[input] else {
            return CaseRun(status: .failed("no reply for this input"), document: nil, attempts: 1)
        }
        let valid = suite.schema.isValid(reply)
        return CaseRun(
            status: valid ? .valid : .failed("invalid"), document: reply, attempts: 1,
            usage: TokenUsage(inputTokens: 10, outputTokens: 5), cost: 0, provider: "fixed", model: "table")
    }
}

/// A stand-in for a model server: answers OpenAI-style chat completions with the reply the
/// closure picks for the user's message, so a test can record a real cassette.
struct ChatFunctionTransport: HTTPTransport {
    let reply: @Sendable (String) -> String

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        guard let body = try? JSONValue(parsing: request.body),
            let messages = body["messages"]?.arrayValue,
            let user = messages.last(where: { $0["role"]?.stringValue == "user" })?["content"]?.stringValue
        else { throw .other("not a chat completion") }
        let content = reply(user)
        let response: JSONValue = [
            "choices": [
                ["index": 0, "message": ["role": "assistant", "content": .string(content)], "finish_reason": "stop"]
            ],
            "usage": ["prompt_tokens": 40, "completion_tokens": 12, "total_tokens": 52], "model": "smollm2",
        ]
        return HTTPResponse(
            status: 200, headers: ["content-type": "application/json"], body: Array(response.serialized().utf8))
    }
}

extension Cassette {
    /// The cassette with the reply content of the interaction whose request mentions `input`
    /// replaced: a "re-recorded" reply for one case.
    func replacingReply(forInput input: String, with content: String) -> Cassette {
        var copy = self
        copy.interactions = interactions.map { interaction in
            guard String(decoding: interaction.request.body, as: UTF8.self).contains(input) else { return interaction }
            var changed = interaction
            let body: JSONValue = [
                "choices": [
                    [
                        "index": 0, "message": ["role": "assistant", "content": .string(content)],
                        "finish_reason": "stop",
                    ]
                ],
                "usage": ["prompt_tokens": 40, "completion_tokens": 12, "total_tokens": 52], "model": "smollm2",
            ]
            changed.response.body = Array(body.serialized().utf8)
            return changed
        }
        return copy
    }
}
