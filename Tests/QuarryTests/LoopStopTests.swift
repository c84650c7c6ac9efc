import Foundation
import QuarrySchema
import Testing

@testable import Quarry

/// Stopping a streamed reply that repeats itself: the detector on its own, the stream readers,
/// and the whole path — a scripted stream that loops forever, stopped early, recovered, and
/// corrected with the looping array capped — in process and over a real socket.
@Suite("Early stop of looping replies")
struct LoopStopTests {
    static let schema: JSONValue = [
        "type": "object", "required": ["items", "total"], "additionalProperties": false,
        "properties": [
            "items": ["type": "array", "items": ["type": "string"]],
            "total": ["type": "integer"],
        ],
    ]

    /// A Chat Completions event stream of `content`, one delta per `size` characters.
    static func eventStream(_ content: String, finish: String, size: Int = 4) -> [UInt8] {
        func event(_ value: JSONValue) -> String { "data: \(value.serialized())\n\n" }
        var text = event(["choices": [["index": 0, "delta": ["role": "assistant"]]]])
        var rest = Substring(content)
        while !rest.isEmpty {
            text += event(["choices": [["index": 0, "delta": ["content": .string(String(rest.prefix(size)))]]]])
            rest = rest.dropFirst(size)
        }
        text += event(["choices": [["index": 0, "delta": [:], "finish_reason": .string(finish)]]])
        text += event(["choices": [], "usage": ["prompt_tokens": 50, "completion_tokens": 999]])
        text += "data: [DONE]\n\n"
        return Array(text.utf8)
    }

    // MARK: The detector

    @Test func aRunOfIdenticalItemsIsALoopAndAShortRunIsNot() {
        let item = #"{"description": "Printed sample labels, box of 250", "quantity": 1, "amount": 2}, "#
        var detector = RepetitionDetector()
        #expect(detector.append(#"{"line_items": ["#) == nil)
        // Three equal line items are something an invoice may hold: not a loop yet.
        for _ in 0..<3 { #expect(detector.append(item) == nil) }
        let loop = detector.append(item)
        #expect(loop?.repeats == 4)
        #expect(loop?.unit.count == item.count)
        #expect(loop.map { Set(item).isSuperset(of: $0.unit) } == true)
    }

    @Test func aShortUnitNeedsALongerRunAndVariedTextNeverTrips() {
        var short = RepetitionDetector()
        var found: RepetitionDetector.Loop?
        var appended = 0
        while found == nil && appended < 100 {
            found = short.append(#""Dr. S. Okonkwo", "#)
            appended += 1
        }
        // 18-byte unit: the span rule (240 bytes) waits for 14 copies.
        #expect(appended == 14)
        #expect(found?.repeats == 14)

        var varied = RepetitionDetector()
        for number in 0..<400 { #expect(varied.append(#"{"sku": "A-\#(number)", "qty": \#(number % 7)}, "#) == nil) }
    }

    @Test func insideAStringAFewRepeatedBytesAreALoopSoonerAndOutsideOneTheyAreNot() {
        // A postal code of zeros: 12 repeats of a 1-byte unit are not enough below 48 bytes.
        var zeros = RepetitionDetector()
        #expect(zeros.append(#"{"postal_code":""#) == nil)
        var appended = 0
        var found: RepetitionDetector.Loop?
        while found == nil && appended < 300 {
            found = zeros.append("0")
            appended += 1
        }
        #expect(appended == 48)
        #expect(found?.unit == "0")
        #expect(found?.repeats == 48)

        // The same bytes between strings (an array of numbers) wait for the 240-byte span.
        var numbers = RepetitionDetector()
        #expect(numbers.append(#"{"counts":["#) == nil)
        appended = 0
        found = nil
        while found == nil && appended < 300 {
            found = numbers.append("1,")
            appended += 1
        }
        // (checked every 16 bytes, so a few pairs later than the first 240-byte span).
        #expect(appended >= 120 && appended < 130)

        // An escaped quote does not end the string; a unit holding a quote is not a string loop.
        var escaped = RepetitionDetector()
        #expect(escaped.append(#"{"note":"say \"hi "#) == nil)
        #expect(escaped.append(String(repeating: "ab", count: 24)) != nil)
        var quoted = RepetitionDetector()
        #expect(quoted.append(#"{"a":["#) == nil)
        #expect(quoted.append(String(repeating: #""x","#, count: 20)) == nil)
    }

    // MARK: Stream readers

    @Test func theChunkedDecoderIsIndifferentToWhereBytesAreSplit() {
        let body = Array("Wikipedia in\r\n\r\nchunks.".utf8)
        let encoded = Array("4\r\nWiki\r\n5;ext=1\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\n\r\n".utf8)
        for size in [1, 2, 3, 7, encoded.count] {
            var decoder = ChunkedBodyDecoder()
            var output: [UInt8] = []
            var start = 0
            while start < encoded.count {
                output += decoder.feed(encoded[start..<min(start + size, encoded.count)])
                start += size
            }
            #expect(output == body, "split every \(size) bytes")
            #expect(decoder.isComplete)
        }
        var malformed = ChunkedBodyDecoder()
        _ = malformed.feed(Array("zz\r\nabc".utf8)[...])
        #expect(malformed.isMalformed)
    }

    @Test func eventsSplitAcrossPiecesAreReassembled() {
        let text = "data: {\"a\":1}\r\n\r\n: a comment\n\ndata: line one\ndata: line two\n\ndata: [DONE]\n\n"
        let bytes = Array(text.utf8)
        for size in [1, 5, bytes.count] {
            var parser = ServerSentEventParser()
            var events: [String] = []
            var start = 0
            while start < bytes.count {
                events += parser.feed(bytes[start..<min(start + size, bytes.count)])
                start += size
            }
            #expect(events == [#"{"a":1}"#, "line one\nline two", "[DONE]"], "split every \(size) bytes")
        }
    }

    @Test func theCapFollowsPropertiesItemsAndReferencesWithoutChangingSharedDefinitions() throws {
        let schema: JSONValue = [
            "type": "object",
            "properties": ["orders": ["type": "array", "items": ["$ref": "#/$defs/order"]]],
            "$defs": ["order": ["type": "object", "properties": ["lines": ["type": "array", "minItems": 2]]]],
        ]
        let capped = try #require(LoopCap.capping(schema, at: try JSONPointer(parsing: "/orders/0/lines"), count: 1))
        let lines = capped["properties"]?["orders"]?["items"]?["properties"]?["lines"]
        #expect(lines?["maxItems"] == 2)  // never below minItems
        #expect(capped["$defs"] == schema["$defs"])
        #expect(LoopCap.capping(schema, at: try JSONPointer(parsing: "/missing"), count: 1) == nil)
    }

    @Test func theOpenStringOfACutOffReplyIsFound() throws {
        let nested = try #require(OpenStringLocator.openString(in: #"{"a": {"b": ["x", "jo"#))
        #expect(nested.pointer == (try JSONPointer(parsing: "/a/b/1")))
        #expect(nested.writtenBytes == 2)
        let escaped = try #require(OpenStringLocator.openString(in: #"{"s\"t": "a\"b"#))
        #expect(escaped.pointer == JSONPointer(tokens: [#"s"t"#]))
        #expect(escaped.writtenBytes == 4)
        #expect(OpenStringLocator.openString(in: #"{"a": 1, "ke"#) == nil)  // a key, not a value
        #expect(OpenStringLocator.openString(in: #"{"a": "done", "#) == nil)
    }

    @Test func aLoopInsideAStringCapsThatStringsLengthInTheCorrection() async throws {
        let schema: JSONValue = [
            "type": "object", "required": ["email", "total"],
            "properties": ["email": ["type": "string"], "total": ["type": "integer"]],
        ]
        let looping = #"{"email": "jo"# + String(repeating: "hn.", count: 3_000)
        let scripted = ScriptedTransport([
            .respond(HTTPResponse(status: 200, body: Self.eventStream(looping, finish: "length"))),
            .respond(
                HTTPResponse(
                    status: 200, body: Self.eventStream(#"{"email": "j@x.example", "total": 3}"#, finish: "stop"))),
        ])
        let provider = OpenAIChatProvider(model: "smollm2", baseURL: "http://127.0.0.1:9", transport: scripted)
        let result = try await Quarry(provider: provider, clock: ImmediateClock()).extract(
            "x", schema: try Schema(compiling: schema), schemaName: "contact")
        #expect(result.json == ["email": "j@x.example", "total": 3])
        let stopped = try #require(result.attempts.first)
        #expect(stopped.finishReason == .repetition)
        let bodies = try scripted.requests.map { try JSONValue(parsing: $0.body) }
        let cap = try #require(
            bodies.last?["response_format"]?["json_schema"]?["schema"]?["properties"]?["email"]?["maxLength"]?
                .numberValue?.intValue)
        // "jo" was written before the loop of "hn." began: the cap allows that and one unit.
        #expect(cap == 5)
        // Nothing was complete to correct from: the second request is a retry, not a correction.
        #expect(result.attempts.map(\.isCorrection) == [false, false])
        #expect(
            result.attempts.last?.requestAdjustments.contains(
                "/email: maxLength 5 from now on (the reply repeated itself in this string)") == true)
    }

    // MARK: Through the extraction loop

    @Test func aLoopingStreamIsStoppedRecoveredAndCorrectedWithTheArrayCapped() async throws {
        let looping = #"{"items": ["a", "b", "# + String(repeating: #""b", "#, count: 4_000)
        let scripted = ScriptedTransport([
            .respond(HTTPResponse(status: 200, body: Self.eventStream(looping, finish: "length"))),
            .respond(
                HTTPResponse(status: 200, body: Self.eventStream(#"{"items": ["a", "b"], "total": 3}"#, finish: "stop"))
            ),
        ])
        let provider = OpenAIChatProvider(model: "smollm2", baseURL: "http://127.0.0.1:9", transport: scripted)
        // Whole corrections (the default), so the second request carries the whole, capped,
        // schema; with partial re-asks it asks for the missing "total" only (next test).
        let result = try await Quarry(provider: provider, clock: ImmediateClock()).extract(
            "items a and b, total 3", schema: try Schema(compiling: Self.schema), schemaName: "order")

        #expect(result.json == ["items": ["a", "b"], "total": 3])
        #expect(result.attempts.count == 2)
        let stopped = try #require(result.attempts.first)
        #expect(stopped.finishReason == .repetition)
        #expect(stopped.failure?.hasPrefix("stopped: the reply repeated") == true)
        // Stopped long before the 4 000 repeats: the deltas read are the tokens counted, the
        // prompt tokens unknown (no usage chunk was read).
        #expect(stopped.usage.outputTokens > 0 && stopped.usage.outputTokens < 200)
        #expect((stopped.rawReply?.utf8.count ?? .max) < 1_000)
        #expect(stopped.repairs.contains { if case .droppedRepeatedItems("/items", _, _) = $0 { true } else { false } })
        #expect(stopped.errors.map(\.keyword) == ["required"])
        #expect(stopped.requestAdjustments.contains("streamed, stopped if it repeats itself"))

        // Both requests streamed; the correction caps the array at the two items kept.
        let bodies = try scripted.requests.map { try JSONValue(parsing: $0.body) }
        #expect(bodies.allSatisfy { $0["stream"] == true })
        let cappedItems = bodies.last?["response_format"]?["json_schema"]?["schema"]?["properties"]?["items"]
        #expect(cappedItems?["maxItems"] == 2)
        #expect(bodies.first?["response_format"]?["json_schema"]?["schema"]?["properties"]?["items"]?["maxItems"] == 16)
        #expect(
            result.attempts.last?.requestAdjustments.contains(
                "/items: maxItems 2 from now on (the reply repeated its items)") == true)
        #expect(result.attempts.last?.usage == TokenUsage(inputTokens: 50, outputTokens: 999))
        #expect(bodies.last?["messages"]?.arrayValue?.count == 4)
    }

    @Test func withPartialReasksALoopStoppedReplyIsCompletedByAskingForWhatItLacks() async throws {
        let looping = #"{"items": ["a", "b", "# + String(repeating: #""b", "#, count: 4_000)
        let scripted = ScriptedTransport([
            .respond(HTTPResponse(status: 200, body: Self.eventStream(looping, finish: "length"))),
            .respond(HTTPResponse(status: 200, body: Self.eventStream(#"{"total": 3}"#, finish: "stop"))),
        ])
        let provider = OpenAIChatProvider(model: "smollm2", baseURL: "http://127.0.0.1:9", transport: scripted)
        // `.automatic`: on because a local OpenAI-compatible server's requests are shaped.
        let result = try await Quarry(
            provider: provider, policy: ExtractionPolicy(partialReasking: .automatic), clock: ImmediateClock()
        ).extract("items a and b, total 3", schema: try Schema(compiling: Self.schema), schemaName: "order")

        #expect(result.json == ["items": ["a", "b"], "total": 3])
        let bodies = try scripted.requests.map { try JSONValue(parsing: $0.body) }
        // The second request is a fresh one: the system and user messages and one question,
        // with the schema of the missing property only.
        let second = try #require(bodies.last)
        #expect(second["messages"]?.arrayValue?.count == 3)
        #expect(second["response_format"]?["json_schema"]?["schema"]?["required"] == ["total"])
        #expect(second["response_format"]?["json_schema"]?["schema"]?["properties"]?["items"] == nil)
        #expect(result.attempts.last?.requestAdjustments.contains("re-asked for the missing total only") == true)
    }

    @Test func aStoppedStreamIsRecordedCompactlyAndReplaysTheSameExtraction() async throws {
        let looping = #"{"items": ["a", "b", "# + String(repeating: #""b", "#, count: 4_000)
        let live = ScriptedTransport([
            .respond(
                HTTPResponse(
                    status: 200, headers: ["content-type": "text/event-stream"],
                    body: Self.eventStream(looping, finish: "length"))),
            .respond(
                HTTPResponse(status: 200, body: Self.eventStream(#"{"items": ["a"], "total": 3}"#, finish: "stop"))),
        ])
        let recorder = RecordingTransport(base: live)
        let schema = try Schema(compiling: Self.schema)
        let recorded = try await Quarry(
            provider: OpenAIChatProvider(model: "smollm2", baseURL: "http://127.0.0.1:9", transport: recorder),
            clock: ImmediateClock()
        ).extract("x", schema: schema, schemaName: "order")

        // Stored as compact events: one short string per content delta, not one envelope each.
        let json = recorder.cassette.json
        let stored = try #require(json["interactions"]?.arrayValue?.first?["response"]?["body"]?["events"])
        #expect(stored["events"]?.arrayValue?.dropFirst().first == .string(#"{"it"#))
        #expect(json.serialized().utf8.count < 8_000)
        let reread = try Cassette(json: try JSONValue(parsing: json.serialized()))

        let replayed = try await Quarry(
            provider: OpenAIChatProvider(
                model: "smollm2", baseURL: "http://127.0.0.1:9", transport: ReplayTransport(cassette: reread)),
            clock: ImmediateClock()
        ).extract("x", schema: schema, schemaName: "order")
        #expect(replayed.json == recorded.json)
        #expect(replayed.attempts.map(\.rawReply) == recorded.attempts.map(\.rawReply))
        #expect(replayed.attempts.map(\.usage) == recorded.attempts.map(\.usage))
        #expect(replayed.attempts.first?.finishReason == .repetition)
    }

    @Test func withoutShapingNothingIsStreamed() async throws {
        let scripted = ScriptedTransport([
            .respond(
                HTTPResponse(
                    status: 200,
                    body: Array(
                        #"{"choices":[{"message":{"content":"{\"items\":[],\"total\":1}"},"finish_reason":"stop"}]}"#
                            .utf8)))
        ])
        let provider = OpenAIChatProvider(model: "smollm2", baseURL: "http://127.0.0.1:9", transport: scripted)
        let result = try await Quarry(
            provider: provider, policy: ExtractionPolicy(shaping: .off), clock: ImmediateClock()
        )
        .extract("x", schema: try Schema(compiling: Self.schema), schemaName: "order")
        #expect(result.json == ["items": [], "total": 1])
        let body = try JSONValue(parsing: try #require(scripted.requests.first).body)
        #expect(body["stream"] == nil)
    }

    @Test func aServerThatIgnoresStreamingStillAnswers() async throws {
        // A compatible server that answers a streamed request with one JSON body.
        let scripted = ScriptedTransport([
            .respond(
                HTTPResponse(
                    status: 200, headers: ["content-type": "application/json"],
                    body: Array(
                        #"{"choices":[{"message":{"content":"{\"items\":[\"a\"],\"total\":1}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":7,"completion_tokens":3}}"#
                            .utf8)))
        ])
        let provider = OpenAIChatProvider(model: "smollm2", baseURL: "http://127.0.0.1:9", transport: scripted)
        let result = try await Quarry(provider: provider, clock: ImmediateClock()).extract(
            "x", schema: try Schema(compiling: Self.schema), schemaName: "order")
        #expect(result.json == ["items": ["a"], "total": 1])
        #expect(result.usage == TokenUsage(inputTokens: 7, outputTokens: 3))
    }

    @Test(.enabled(if: FakeProviderServer.isAvailable, "python3 is not on PATH: skipping the socket streaming test"))
    func overASocketTheServerSeesTheClientGo() async throws {
        // 100 000 repeats: tens of megabytes of events, far more than socket buffers hold, so
        // the server can only finish writing if the client keeps reading.
        let script: [[String: Any]] = [
            ["loop": ["prefix": #"{"items": ["a", "#, "unit": #""b", "#, "repeats": 100_000]],
            ["reply": ["items": ["a", "b"], "total": 2]],
        ]
        try await FakeProviderServer.with(script: script) { server in
            let provider = OpenAIChatProvider(
                model: "smollm2", baseURL: server.baseURL, transport: SocketHTTPTransport(idleTimeout: 30))
            let result = try await Quarry(provider: provider, clock: ImmediateClock()).extract(
                "x", schema: try Schema(compiling: Self.schema), schemaName: "order")
            #expect(result.json == ["items": ["a", "b"], "total": 2])
            #expect(result.attempts.first?.finishReason == .repetition)
            let log = try await server.requests()
            let stream = try #require(log.first?["stream"] as? [String: Any])
            #expect(stream["client_closed"] as? Bool == true)
            let sent = try #require(stream["deltas_sent"] as? Int)
            let total = try #require(stream["deltas_total"] as? Int)
            #expect(sent < total / 2)
            // No usage chunk was read: the deltas read are the output tokens counted.
            #expect((result.attempts.first?.usage.outputTokens ?? 0) < 500)
        }
    }
}
