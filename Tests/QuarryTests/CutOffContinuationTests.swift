import Foundation
import QuarrySchema
import Testing

@testable import Quarry

/// A reply stopped in a loop is continued from where it looped (``CutOffContinuation``): the
/// start written for the model, a grammar for the rest of the document, the server's reply
/// joined to the start; anything the rest cannot mend, or a refused grammar, gets a correction.
@Suite("Continuing a loop-stopped reply")
struct CutOffContinuationTests {
    static let policy = ExtractionPolicy(grammarCompilation: .on, cutOffContinuation: .on)

    static func extract(
        schema: JSONValue = LoopStopTests.schema, _ responses: [ScriptedTransport.Step],
        policy: ExtractionPolicy = Self.policy
    ) async throws -> (Extraction<JSONValue>, [JSONValue]) {
        let scripted = ScriptedTransport(responses)
        let provider = OpenAIChatProvider(model: "smollm2", baseURL: "http://127.0.0.1:9", transport: scripted)
        let result = try await Quarry(provider: provider, policy: policy, clock: ImmediateClock()).extract(
            "items a and b, total 3", schema: try Schema(compiling: schema), schemaName: "order")
        return (result, try scripted.requests.map { try JSONValue(parsing: $0.body) })
    }

    /// A stream that loops in `items` after writing `first`.
    static func looping(first: String) -> ScriptedTransport.Step {
        let text = #"{"items": ["# + first + ", " + String(repeating: #""b", "#, count: 4_000)
        return .respond(HTTPResponse(status: 200, body: LoopStopTests.eventStream(text, finish: "length")))
    }

    static func answer(_ text: String) -> ScriptedTransport.Step {
        .respond(HTTPResponse(status: 200, body: LoopStopTests.eventStream(text, finish: "stop")))
    }

    // MARK: The start and the grammar for the rest

    @Test func theStartEndsAfterTheValueAtThePointerWithItsContainersOpen() throws {
        let value = try JSONValue(parsing: #"{"a":1,"b":[{"c":[1,2],"d":2},{"c":[]}],"e":3}"#)
        #expect(
            try CutOffContinuation.prefix(of: value, through: JSONPointer(parsing: "/b/0/c"))
                == #"{"a":1,"b":[{"c":[1,2]"#)
        #expect(
            try CutOffContinuation.prefix(of: value, through: JSONPointer(parsing: "/b/1"))
                == #"{"a":1,"b":[{"c":[1,2],"d":2},{"c":[]}"#)
        #expect(
            try CutOffContinuation.prefix(of: value, through: JSONPointer(parsing: "/e"))
                == #"{"a":1,"b":[{"c":[1,2],"d":2},{"c":[]}],"e":3"#)
        #expect(CutOffContinuation.prefix(of: value, through: .root) == nil)
        #expect(try CutOffContinuation.prefix(of: value, through: JSONPointer(parsing: "/x")) == nil)
        #expect(try CutOffContinuation.prefix(of: value, through: JSONPointer(parsing: "/b/2")) == nil)
    }

    @Test func theServersRepeatOfTheStartIsNotDoubled() {
        #expect(CutOffContinuation.joined(#"{"a":[1],"b":2}"#, after: #"{"a":[1]"#) == #"{"a":[1],"b":2}"#)
        #expect(CutOffContinuation.joined(#","b":2}"#, after: #"{"a":[1]"#) == #"{"a":[1],"b":2}"#)
    }

    @Test func theRestOfAnObjectKeepsItsRequiredPropertiesAndOrder() throws {
        let schema: JSONValue = [
            "type": "object", "required": ["items", "total"], "additionalProperties": false,
            "properties": [
                "items": ["type": "array", "items": ["type": "string"]],
                "note": ["type": "string"],
                "total": ["type": "integer"],
            ],
        ]
        let value = try JSONValue(parsing: #"{"items":["a"]}"#)
        let grammar = try #require(
            GrammarCompiler.continuationGrammar(for: schema, after: JSONPointer(parsing: "/items"), in: value))
        let matcher = try GBNFMatcher(grammar)
        #expect(try matcher.accepts(#","total":3}"#))
        #expect(try matcher.accepts(#","note":"x","total":3}"#))
        #expect(try !matcher.accepts("}"), "the required total is missing")
        #expect(try !matcher.accepts(#","total":3,"note":"x"}"#), "out of the schema's order")
        #expect(try !matcher.accepts(#","items":[],"total":3}"#), "items again")
        #expect(try !matcher.accepts(#"]}"#))
    }

    @Test func insideAnArrayItemTheRestClosesTheItemThenAllowsMoreItemsWithinTheCap() throws {
        let schema: JSONValue = [
            "type": "object", "required": ["rows"],
            "properties": [
                "rows": [
                    "type": "array", "maxItems": 2, "minItems": 2,
                    "items": ["$ref": "#/$defs/row"],
                ]
            ],
            "$defs": [
                "row": [
                    "anyOf": [
                        [
                            "type": "object", "required": ["tags", "n"],
                            "properties": [
                                "tags": ["type": "array", "items": ["type": "string"]], "n": ["type": "integer"],
                            ],
                        ],
                        ["type": "null"],
                    ]
                ]
            ],
        ]
        let value = try JSONValue(parsing: #"{"rows":[{"tags":["x"]}]}"#)
        let grammar = try #require(
            GrammarCompiler.continuationGrammar(for: schema, after: JSONPointer(parsing: "/rows/0/tags"), in: value))
        let matcher = try GBNFMatcher(grammar)
        #expect(try matcher.accepts(#","n":1},{"tags":[],"n":2}]}"#))
        #expect(try matcher.accepts(#","n":1},null]}"#))
        #expect(try !matcher.accepts(#","n":1}]}"#), "minItems 2")
        #expect(try !matcher.accepts(#","n":1},null,null]}"#), "maxItems 2")
        #expect(try !matcher.accepts(#"}]}"#), "the item's required n")
    }

    @Test func withoutAGrammarOrAPlaceToContinueThereIsNoContinuation() throws {
        let value = try JSONValue(parsing: #"{"items":["a"]}"#)
        // Not translatable (`not`), the root, and a member the schema does not declare.
        let untranslatable: JSONValue = ["type": "object", "not": ["required": ["x"]]]
        #expect(
            GrammarCompiler.continuationGrammar(
                for: untranslatable, after: try JSONPointer(parsing: "/items"), in: value) == nil)
        #expect(GrammarCompiler.continuationGrammar(for: LoopStopTests.schema, after: .root, in: value) == nil)
        let other = try JSONValue(parsing: #"{"other":["a"]}"#)
        #expect(
            GrammarCompiler.continuationGrammar(
                for: LoopStopTests.schema, after: try JSONPointer(parsing: "/other"), in: other)
                == nil)
    }

    /// For every expected value of the example schemas' eval cases, cut after each array it
    /// holds: the start and the rest the grammar allows together make the whole value, which
    /// is exactly what the model could have written in one go.
    @Test func everyExampleValueCutAfterAnyArrayIsCompletedByItsRestGrammar() throws {
        var checked = 0
        for name in ["invoice", "resume", "support-ticket"] {
            let schema = try Schema(contentsOfFile: Self.schemas.appendingPathComponent("\(name).schema.json").path)
            let shaped = SchemaShaper.shape(schema.document, with: .standard, forCompiledGrammar: true).schema
            let lines = try String(
                contentsOf: Self.schemas.appendingPathComponent("\(name).cases.jsonl"), encoding: .utf8)
            for line in lines.split(separator: "\n").prefix(6) where !line.isEmpty {
                let testCase = try JSONValue(parsing: String(line))
                guard let expected = testCase["expected"], schema.isValid(expected) else { continue }
                let value = GrammarCompilerTests.ordered(expected, like: shaped, root: shaped)
                let whole = value.serialized()
                for pointer in Self.arrays(in: value, at: .root) {
                    let start = try #require(CutOffContinuation.prefix(of: value, through: pointer))
                    #expect(whole.hasPrefix(start))
                    let grammar = try #require(
                        GrammarCompiler.continuationGrammar(for: shaped, after: pointer, in: value),
                        "\(name) \(pointer)")
                    let matcher = try GBNFMatcher(grammar)
                    #expect(try matcher.accepts(String(whole.dropFirst(start.count))), "\(name) after \(pointer)")
                    // Stopping right there would leave the document open.
                    #expect(try !matcher.accepts(""), "\(name) after \(pointer)")
                    checked += 1
                }
            }
        }
        #expect(checked >= 30, "only \(checked) cuts checked")
    }

    private static let schemas = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("schemas")

    /// The pointers of every array in `value` but the root.
    private static func arrays(in value: JSONValue, at pointer: JSONPointer) -> [JSONPointer] {
        switch value {
        case .object(let object):
            return zip(object.keys, object.values).flatMap { arrays(in: $0.1, at: pointer.appending($0.0)) }
        case .array(let items):
            let inner = items.indices.flatMap { arrays(in: items[$0], at: pointer.appending($0)) }
            return (pointer.tokens.isEmpty ? [] : [pointer]) + inner
        default:
            return []
        }
    }

    // MARK: In the extraction loop

    @Test func aLoopStoppedReplyIsContinuedFromWhereItLooped() async throws {
        let (result, bodies) = try await Self.extract([
            Self.looping(first: #""a""#),
            // llama.cpp repeats the start it was given, then writes the rest.
            Self.answer(#"{"items":["a","b"],"total":3}"#),
        ])
        #expect(result.json == ["items": ["a", "b"], "total": 3])
        #expect(bodies.count == 2)
        let messages = try #require(bodies[1]["messages"]?.arrayValue)
        #expect(Array(messages.prefix(2)) == bodies[0]["messages"]?.arrayValue)
        #expect(messages.count == 4)
        // Where it looped and what is missing, then the start as the assistant's answer so far.
        #expect(
            messages[2]
                == [
                    "role": "user",
                    "content": .string(
                        "Your reply repeated itself in /items and was cut off there. Continue it; still to write:\n"
                            + "- (root): the required property \"total\" is missing"),
                ])
        #expect(messages[3] == ["role": "assistant", "content": #"{"items":["a","b"]"#])
        // The grammar for the rest: the total, then the closing brace.
        let matcher = try GBNFMatcher(try #require(bodies[1]["grammar"]?.stringValue))
        #expect(try matcher.accepts(#","total":3}"#))
        #expect(try !matcher.accepts(#"{"items":["a"],"total":3}"#))
        #expect(result.attempts.map(\.isCorrection) == [false, true])
        #expect(result.attempts.map(\.messageCount) == [2, 4], "the messages each request carried")
        #expect(
            result.attempts[1].requestAdjustments.contains(
                CutOffContinuation.adjustment(after: try JSONPointer(parsing: "/items"), bytes: 18)))
    }

    @Test func aServerThatSendsOnlyTheRestIsJoinedToTheStart() async throws {
        let (result, _) = try await Self.extract([Self.looping(first: #""a""#), Self.answer(#","total":3}"#)])
        #expect(result.json == ["items": ["a", "b"], "total": 3])
    }

    @Test func anErrorTheRestCannotMendGetsACorrection() async throws {
        let schema: JSONValue = [
            "type": "object", "required": ["items", "total"], "additionalProperties": false,
            "properties": [
                "items": ["type": "array", "items": ["type": "string", "minLength": 2]],
                "total": ["type": "integer"],
            ],
        ]
        let (result, bodies) = try await Self.extract(
            schema: schema, [Self.looping(first: #""a""#), Self.answer(#"{"items": ["aa", "bb"], "total": 3}"#)])
        #expect(result.json == ["items": ["aa", "bb"], "total": 3])
        let messages = try #require(bodies.last?["messages"]?.arrayValue)
        #expect(messages.map { $0["role"] } == ["system", "user", "assistant", "user"])
    }

    /// Line items the model loops in, stopped while it writes one more copy.
    static let lineItems: JSONValue = [
        "type": "object", "required": ["lines", "total"], "additionalProperties": false,
        "properties": [
            "lines": [
                "type": "array",
                "items": [
                    "type": "object", "required": ["name", "qty"], "additionalProperties": false,
                    "properties": ["name": ["type": "string"], "qty": ["type": "integer"]],
                ],
            ],
            "total": ["type": "integer"],
        ],
    ]

    static func lineItemsExtraction(stoppedAfter tail: String, then reply: String) async throws -> (
        Extraction<JSONValue>, ScriptedProvider
    ) {
        let copy = #"{"name":"b","qty":2}"#
        let looped =
            #"{"lines":[{"name":"a","qty":1},"# + Array(repeating: copy, count: 4).joined(separator: ",") + tail
        let provider = ScriptedProvider(
            name: "local", model: "smollm2",
            [ScriptedProvider.text(looped, finish: .repetition), ScriptedProvider.text(reply)])
        let result = try await Quarry(provider: provider, policy: Self.policy, clock: ImmediateClock()).extract(
            "x", schema: try Schema(compiling: Self.lineItems), schemaName: "order")
        return (result, provider)
    }

    @Test func theItemTheLoopWasStillWritingIsLeftOutOfTheStartAndRecorded() async throws {
        let (result, provider) = try await Self.lineItemsExtraction(
            stoppedAfter: #",{"name":"b""#, then: #"{"lines":[{"name":"a","qty":1},{"name":"b","qty":2}],"total":5}"#)
        #expect(result.json["total"] == 5)
        let start = try #require(provider.requests.last?.messages.last)
        #expect(start.role == .assistant)
        #expect(start.content == #"{"lines":[{"name":"a","qty":1},{"name":"b","qty":2}]"#)
        let repairs = result.attempts[0].repairs
        #expect(repairs.contains(.droppedIncompleteItem(pointer: "/lines", item: #"{"name":"b"}"#)))
        #expect(repairs.contains { if case .droppedRepeatedItems("/lines", 3, _) = $0 { true } else { false } })
    }

    @Test func aLastReplyStoppedWhileWritingAnItemValidatesWithoutItAndSaysSo() async throws {
        let copy = #"{"name":"b","qty":2}"#
        let looped =
            #"{"total":5,"lines":[{"name":"a","qty":1},"# + Array(repeating: copy, count: 4).joined(separator: ",")
            + #",{"name":"b""#
        let schema: JSONValue = [
            "type": "object", "required": ["total", "lines"], "additionalProperties": false,
            "properties": ["total": ["type": "integer"], "lines": Self.lineItems["properties"]!["lines"]!],
        ]
        let provider = ScriptedProvider(
            name: "local", model: "smollm2", [ScriptedProvider.text(looped, finish: .repetition)])
        let result = try await Quarry(
            provider: provider, policy: ExtractionPolicy(maximumAttempts: 1, grammarCompilation: .on),
            clock: ImmediateClock()
        ).extract("x", schema: try Schema(compiling: schema), schemaName: "order")
        #expect(result.json == ["total": 5, "lines": [["name": "a", "qty": 1], ["name": "b", "qty": 2]]])
        #expect(result.attempts[0].repairs.contains(.droppedIncompleteItem(pointer: "/lines", item: #"{"name":"b"}"#)))
        #expect(result.attempts[0].errors.isEmpty)
        // Without continuations (nor partial re-asks) the incomplete item stays, and fails.
        let plain = ScriptedProvider(
            name: "local", model: "smollm2", [ScriptedProvider.text(looped, finish: .repetition)])
        await #expect(throws: ExtractionError.self) {
            try await Quarry(
                provider: plain,
                policy: ExtractionPolicy(maximumAttempts: 1, grammarCompilation: .on, cutOffContinuation: .off),
                clock: ImmediateClock()
            ).extract("x", schema: try Schema(compiling: schema), schemaName: "order")
        }
    }

    @Test func aFailureInsideWhatIsAlreadyClosedGetsACorrection() async throws {
        // The loop stopped after a complete item: the start would hold the array as it is, but
        // an item of it with an error no continuation reaches (here: a wrong type) is corrected.
        let (result, provider) = try await Self.lineItemsExtraction(
            stoppedAfter: #",{"name":"b","qty":"two"}"#,
            then: #"{"lines":[{"name":"a","qty":1},{"name":"b","qty":2}],"total":5}"#)
        #expect(result.json["total"] == 5)
        #expect(provider.requests.last?.messages.last?.role == .user)
        #expect(!CutOffContinuation.supplies(result.attempts[0].errors, after: try JSONPointer(parsing: "/lines")))
    }

    @Test func onlyMissingPartsOfWhatIsStillOpenAreSupplied() throws {
        func error(_ pointer: String, _ keyword: String) throws -> ValidationError {
            ValidationError(
                instanceLocation: try JSONPointer(parsing: pointer), keywordLocation: .root,
                absoluteKeywordLocation: "", keyword: keyword, message: "")
        }
        let after = try JSONPointer(parsing: "/rows/0/tags")
        #expect(
            CutOffContinuation.supplies([try error("", "required"), try error("/rows/0", "required")], after: after))
        #expect(CutOffContinuation.supplies([try error("/rows", "minItems")], after: after))
        #expect(!CutOffContinuation.supplies([try error("/rows/0/tags", "minItems")], after: after))
        #expect(!CutOffContinuation.supplies([try error("/other", "required")], after: after))
        #expect(!CutOffContinuation.supplies([try error("", "pattern")], after: after))
        #expect(!CutOffContinuation.supplies([], after: after))
    }

    @Test func continuationsAreTheDefaultWithACompiledGrammarAndOffLeavesACorrection() async throws {
        let (continued, continuedBodies) = try await Self.extract(
            [Self.looping(first: #""a""#), Self.answer(#"{"items":["a","b"],"total":3}"#)],
            policy: ExtractionPolicy(grammarCompilation: .on))
        #expect(continued.json == ["items": ["a", "b"], "total": 3])
        #expect(continuedBodies.count == 2)
        #expect(
            continuedBodies.last?["messages"]?.arrayValue?.map { $0["role"] } == [
                "system", "user", "user", "assistant",
            ])

        let (corrected, correctedBodies) = try await Self.extract(
            [Self.looping(first: #""a""#), Self.answer(#"{"items": ["a", "b"], "total": 3}"#)],
            policy: ExtractionPolicy(grammarCompilation: .on, cutOffContinuation: .off))
        #expect(corrected.json == ["items": ["a", "b"], "total": 3])
        #expect(correctedBodies.count == 2)
        #expect(
            correctedBodies.last?["messages"]?.arrayValue?.map { $0["role"] } == [
                "system", "user", "assistant", "user",
            ])
    }

    @Test func anyOtherRefusalOfTheContinuationAlsoSendsTheCorrection() async throws {
        // A server whose chat template cannot take an answer begun for the model.
        let refusal = HTTPResponse(
            status: 400, body: Array(#"{"error":{"message":"Assistant response prefill is incompatible"}}"#.utf8))
        let (result, bodies) = try await Self.extract([
            Self.looping(first: #""a""#), .respond(refusal), Self.answer(#"{"items": ["a", "b"], "total": 3}"#),
        ])
        #expect(result.json == ["items": ["a", "b"], "total": 3])
        #expect(bodies.count == 3)
        #expect(bodies[2]["messages"]?.arrayValue?.map { $0["role"] } == ["system", "user", "assistant", "user"])
        #expect(
            result.attempts.last?.requestAdjustments.contains(
                "the server refused a continuation (HTTP 400): a correction is sent instead") == true)
    }

    /// Two extractions by one runtime, each with a loop-stopped first reply; the first one's
    /// continuation is refused with HTTP 400 and `message`. Returns the second extraction and
    /// every request body.
    static func twoExtractions(refusingTheFirstContinuationWith message: String) async throws -> (
        second: Extraction<JSONValue>, bodies: [JSONValue]
    ) {
        let refusal = HTTPResponse(status: 400, body: Array(#"{"error":{"message":"\#(message)"}}"#.utf8))
        let answer = #"{"items":["a","b"],"total":3}"#
        let scripted = ScriptedTransport([
            Self.looping(first: #""a""#), .respond(refusal), Self.answer(answer),
            Self.looping(first: #""a""#), Self.answer(answer),
        ])
        let provider = OpenAIChatProvider(model: "smollm2", baseURL: "http://127.0.0.1:9", transport: scripted)
        let quarry = Quarry(provider: provider, policy: Self.policy, clock: ImmediateClock())
        let schema = try Schema(compiling: LoopStopTests.schema)
        _ = try await quarry.extract("items a and b, total 3", schema: schema, schemaName: "order")
        let second = try await quarry.extract("items a and b, total 3", schema: schema, schemaName: "order")
        return (second, try scripted.requests.map { try JSONValue(parsing: $0.body) })
    }

    @Test func aRuntimeWhoseServerRefusedAContinuationCorrectsAtOnceAfterwards() async throws {
        let (second, bodies) = try await Self.twoExtractions(
            refusingTheFirstContinuationWith: "Assistant response prefill is incompatible")
        #expect(second.json == ["items": ["a", "b"], "total": 3])
        #expect(bodies.count == 5, "one refused continuation in all")
        // The second extraction's loop-stopped reply gets the correction straight away.
        #expect(bodies[4]["messages"]?.arrayValue?.map { $0["role"] } == ["system", "user", "assistant", "user"])
        #expect(second.attempts.map(\.messageCount) == [2, 4])
        // A new runtime tries again.
        let fresh = ScriptedTransport([Self.looping(first: #""a""#), Self.answer(#"{"items":["a","b"],"total":3}"#)])
        let again = try await Quarry(
            provider: OpenAIChatProvider(model: "smollm2", baseURL: "http://127.0.0.1:9", transport: fresh),
            policy: Self.policy, clock: ImmediateClock()
        ).extract("items a and b, total 3", schema: try Schema(compiling: LoopStopTests.schema), schemaName: "order")
        #expect(again.json == ["items": ["a", "b"], "total": 3])
        let freshBodies = try fresh.requests.map { try JSONValue(parsing: $0.body) }
        #expect(freshBodies.count == 2)
        #expect(freshBodies.last?["messages"]?.arrayValue?.last?["role"] == "assistant")
    }

    @Test func aConversationTooLongForTheContextIsNotRememberedAsARefusalOfContinuations() async throws {
        let (second, bodies) = try await Self.twoExtractions(
            refusingTheFirstContinuationWith: "the request exceeds the available context size")
        #expect(second.json == ["items": ["a", "b"], "total": 3])
        #expect(bodies.count == 5)
        // The second extraction continues its loop-stopped reply as usual.
        #expect(bodies[4]["messages"]?.arrayValue?.last?["role"] == "assistant")
    }

    @Test func theLoopedArrayIsTheOneStillOpenAtTheCutNotAnEarlierOneWithEqualItems() throws {
        let value = try JSONValue(parsing: #"{"scores":[0],"lines":[{"n":"a"}],"name":"x"}"#)
        let earlier = Repair.droppedRepeatedItems(pointer: "/scores", count: 2, item: "0")
        // Cut inside "name": only the root was open, and /scores had closed long before.
        #expect(
            CutOffContinuation.loopedArray(
                in: [.closedTruncatedReply(droppedTail: "", closers: "}"), earlier], value: value) == nil)
        // Cut inside /lines: the root and the array were open.
        let lines = try JSONValue(parsing: #"{"scores":[0],"lines":[{"n":"a"}]}"#)
        let looped = Repair.droppedRepeatedItems(pointer: "/lines", count: 3, item: #"{"n":"a"}"#)
        #expect(
            CutOffContinuation.loopedArray(
                in: [.closedTruncatedReply(droppedTail: "", closers: "]}"), earlier, looped], value: lines)
                == (try JSONPointer(parsing: "/lines")))
        #expect(
            CutOffContinuation.loopedArray(
                in: [.closedTruncatedReply(droppedTail: "", closers: "]}"), earlier], value: lines) == nil)
    }

    @Test func aRefusedGrammarForTheRestSendsTheCorrectionInstead() async throws {
        let refusal = HTTPResponse(status: 400, body: Array(#"{"error":{"message":"failed to parse grammar"}}"#.utf8))
        let (result, bodies) = try await Self.extract([
            Self.looping(first: #""a""#), .respond(refusal), Self.answer(#"{"items": ["a", "b"], "total": 3}"#),
        ])
        #expect(result.json == ["items": ["a", "b"], "total": 3])
        #expect(bodies.count == 3)
        #expect(bodies[1]["messages"]?.arrayValue?.last?["role"] == "assistant")
        let messages = try #require(bodies[2]["messages"]?.arrayValue)
        #expect(messages.map { $0["role"] } == ["system", "user", "assistant", "user"])
        #expect(messages[2]["content"] == #"{"items":["a","b"]}"#)
        // A grammar for the whole document goes with the correction.
        let whole = try GBNFMatcher(try #require(bodies[2]["grammar"]?.stringValue))
        #expect(try whole.accepts(#"{"items":["a","b"],"total":3}"#))
        #expect(
            result.attempts.last?.requestAdjustments.contains(
                "the server refused a continuation (HTTP 400): a correction is sent instead") == true)
    }
}
