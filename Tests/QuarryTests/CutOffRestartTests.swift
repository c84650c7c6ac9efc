import Foundation
import QuarrySchema
import Testing

@testable import Quarry

/// After a reply cut off in a loop that lacks only what the decoder enforces, the first
/// request goes again with a note on the loop and the loop capped (``CutOffRestarting``); any
/// other error, or the setting off, gets a correction that carries the recovered reply.
@Suite("Restarting after a cut-off reply")
struct CutOffRestartTests {
    /// A reply that loops in `items` after writing `first`, then a complete one.
    static func transport(first: String, then reply: String) -> ScriptedTransport {
        let looping = #"{"items": ["# + first + ", " + String(repeating: #""b", "#, count: 4_000)
        return ScriptedTransport([
            .respond(HTTPResponse(status: 200, body: LoopStopTests.eventStream(looping, finish: "length"))),
            .respond(HTTPResponse(status: 200, body: LoopStopTests.eventStream(reply, finish: "stop"))),
        ])
    }

    static func extract(
        schema: JSONValue, over scripted: ScriptedTransport,
        policy: ExtractionPolicy = ExtractionPolicy(cutOffRestarting: .automatic)
    ) async throws -> (Extraction<JSONValue>, [JSONValue]) {
        let provider = OpenAIChatProvider(model: "smollm2", baseURL: "http://127.0.0.1:9", transport: scripted)
        let result = try await Quarry(provider: provider, policy: policy, clock: ImmediateClock()).extract(
            "items a and b, total 3", schema: try Schema(compiling: schema), schemaName: "order")
        return (result, try scripted.requests.map { try JSONValue(parsing: $0.body) })
    }

    @Test func aReplyLackingOnlyRequiredPropertiesRestartsWithTheCap() async throws {
        let (result, bodies) = try await Self.extract(
            schema: LoopStopTests.schema,
            over: Self.transport(first: #""a""#, then: #"{"items": ["a", "b"], "total": 3}"#))
        #expect(result.json == ["items": ["a", "b"], "total": 3])
        // The first request's two messages and a note on the loop, not the cut-off reply.
        #expect(bodies.count == 2)
        let messages = try #require(bodies[1]["messages"]?.arrayValue)
        #expect(messages.count == 3)
        #expect(Array(messages.prefix(2)) == bodies[0]["messages"]?.arrayValue)
        #expect(messages[2]["content"] == .string(CutOffRestarting.note(loopedAt: ["/items"])))
        #expect(
            CutOffRestarting.note(loopedAt: ["/items"])
                == "Your previous reply repeated itself at /items and was cut off. "
                + "Reply with the whole JSON object; write each value once.")
        #expect(bodies[1]["response_format"]?["json_schema"]?["schema"]?["properties"]?["items"]?["maxItems"] == 2)
        #expect(result.attempts.map(\.isCorrection) == [false, true])
        #expect(result.attempts[1].requestAdjustments.contains(Extractor.restartNote))
        #expect(!result.attempts[0].requestAdjustments.contains(Extractor.restartNote))
    }

    @Test func anErrorTheDecoderDoesNotPreventGetsACorrection() async throws {
        // "A1" breaks the pattern, which a restart would write again: the reply is corrected.
        let schema: JSONValue = [
            "type": "object", "required": ["items", "total"], "additionalProperties": false,
            "properties": [
                "items": ["type": "array", "items": ["type": "string", "pattern": "^[a-z]$"]],
                "total": ["type": "integer"],
            ],
        ]
        let (result, bodies) = try await Self.extract(
            schema: schema, over: Self.transport(first: #""A1""#, then: #"{"items": ["a", "b"], "total": 3}"#))
        #expect(result.json == ["items": ["a", "b"], "total": 3])
        let messages = try #require(bodies.last?["messages"]?.arrayValue)
        #expect(messages.map { $0["role"] } == ["system", "user", "assistant", "user"])
        #expect(messages.last?["content"]?.stringValue?.contains("/items/0") == true)
        #expect(result.attempts.last?.requestAdjustments.contains(Extractor.restartNote) == false)
    }

    @Test func byDefaultTheCutOffReplyIsCorrected() async throws {
        let (result, bodies) = try await Self.extract(
            schema: LoopStopTests.schema,
            over: Self.transport(first: #""a""#, then: #"{"items": ["a", "b"], "total": 3}"#),
            policy: ExtractionPolicy())  // off by default
        #expect(result.json == ["items": ["a", "b"], "total": 3])
        let messages = try #require(bodies.last?["messages"]?.arrayValue)
        #expect(messages.count == 4)
        // The conversation carries what was recovered, one copy of the repeated item.
        #expect(messages[2]["content"] == #"{"items":["a","b"]}"#)
        #expect(messages[3]["content"]?.stringValue?.hasPrefix("Your reply was cut off") == true)
    }

    @Test func aReplyCutAtTheLimitRestartsWithMoreRoomAndWithoutNoRoomGetsACorrection() async throws {
        let schema = try Schema(compiling: LoopStopTests.schema)
        let provider = ScriptedProvider(
            name: "local", model: "smollm2",
            [
                ScriptedProvider.text(#"{"items": ["a", "b"], "to"#, finish: .length),
                ScriptedProvider.text(#"{"items": ["a", "b", "c"#, finish: .length),
                ScriptedProvider.text(#"{"items": ["a", "b", "c"], "total": 3}"#),
            ])
        let result = try await Quarry(
            provider: provider, policy: ExtractionPolicy(maximumOutputTokens: 100, cutOffRestarting: .on),
            clock: ImmediateClock()
        ).extract("x", schema: schema, schemaName: "order")
        #expect(result.json == ["items": ["a", "b", "c"], "total": 3])
        // First cut: the limit doubles and the request goes again as it was. Second cut: the
        // limit grew once already and no cap applies, so the same request would end the same
        // way — a correction follows.
        #expect(provider.requests.map(\.maxOutputTokens) == [100, 200, 200])
        #expect(provider.requests[1].messages.dropLast() == provider.requests[0].messages[...])
        #expect(
            provider.requests[1].messages.last?.content
                == "Your previous reply was cut off before it was complete. Reply with the whole JSON object.")
        #expect(provider.requests[2].messages.map(\.role) == [.system, .user, .assistant, .user])
    }

    @Test func theSettingFollowsShapingAndMode() {
        #expect(CutOffRestarting.automatic.isOn(whenShapedAndConstrained: true))
        #expect(!CutOffRestarting.automatic.isOn(whenShapedAndConstrained: false))
        #expect(CutOffRestarting.on.isOn(whenShapedAndConstrained: false))
        #expect(!CutOffRestarting.off.isOn(whenShapedAndConstrained: true))
        let missing = ValidationError(
            instanceLocation: .root, keywordLocation: .root, absoluteKeywordLocation: "", keyword: "required",
            message: "missing")
        var pattern = missing
        pattern.keyword = "pattern"
        #expect(CutOffRestarting.mends([missing]))
        #expect(!CutOffRestarting.mends([missing, pattern]))
        #expect(!CutOffRestarting.mends([]))
    }
}
