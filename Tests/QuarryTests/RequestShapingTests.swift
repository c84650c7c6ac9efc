import Foundation
import Quarry
import QuarrySchema
import Testing

/// Request shaping for grammar decoders, recovery of cut-off replies, and concise corrections
/// (the small-model strategies), each checked on its own and through the extraction loop.
@Suite("Request shaping and truncation recovery")
struct RequestShapingTests {
    static let ticket: JSONValue = [
        "type": "object", "required": ["symptoms", "total"], "additionalProperties": false,
        "properties": [
            "symptoms": ["type": "array", "uniqueItems": true, "items": ["type": "string"]],
            "tags": ["type": "array", "minItems": 20, "items": ["type": "string"]],
            "colours": ["type": "array", "uniqueItems": true, "items": ["enum": ["red", "green"]]],
            "total": ["type": "number", "minimum": 0, "multipleOf": 0.01],
            "code": ["type": "string", "pattern": "[A-Z]{3}"],
            "day": ["type": "string", "format": "date"],
        ],
    ]

    @Test func unboundedArraysGetACapAndIgnoredConstraintsBecomeNotes() throws {
        let shaped = SchemaShaper.shape(Self.ticket, with: .standard)
        let properties = try #require(shaped.schema.objectValue?["properties"]?.objectValue)
        #expect(properties["symptoms"]?.objectValue?["maxItems"] == 16)
        #expect(properties["tags"]?.objectValue?["maxItems"] == 20)  // never below minItems
        #expect(properties["colours"]?.objectValue?["maxItems"] == 2)  // unique values of a 2-value enum
        #expect(properties["total"] == Self.ticket.objectValue?["properties"]?.objectValue?["total"])
        #expect(shaped.changes.count == 3)
        #expect(
            shaped.notes == [
                "symptoms: list each item once, no repeats", "colours: list each item once, no repeats",
                "total: a multiple of 0.01", "total: at least 0", "code: must match the regular expression [A-Z]{3}",
                "day: a date written YYYY-MM-DD",
            ])
    }

    @Test func aCutOffReplyIsClosedAndItsLoopCollapsed() throws {
        let text =
            #"{"total": 4.5, "symptoms": ["slow", "Dr. S. Okonkwo", "Dr. S. Okonkwo", "Dr. S. Okonkwo", "Dr. S. Okon"#
        let (value, repairs) = try #require(TruncatedReplyRecovery.recover(text))
        #expect(value == ["total": 4.5, "symptoms": ["slow", "Dr. S. Okonkwo"]])
        #expect(repairs.count == 2)
        #expect(repairs.contains(.closedTruncatedReply(droppedTail: #", "Dr. S. Okon"#, closers: "]}")))
        #expect(repairs.contains(.droppedRepeatedItems(pointer: "/symptoms", count: 2, item: #""Dr. S. Okonkwo""#)))
    }

    @Test func recoveryNeverMistakesAKeyForAValueOrKeepsAHalfLiteral() throws {
        // Cut after a key: the key is dropped with the tail, not kept without a value.
        let (afterKey, _) = try #require(TruncatedReplyRecovery.recover(#"{"a": 1, "b""#))
        #expect(afterKey == ["a": 1])
        // A number running to the end may be cut off itself (12 of 123): dropped.
        let (afterNumber, _) = try #require(TruncatedReplyRecovery.recover(#"{"a": "x", "n": 12"#))
        #expect(afterNumber == ["a": "x"])
        // Two equal items are kept: only runs of three or more count as a loop.
        let (pair, repairs) = try #require(TruncatedReplyRecovery.recover(#"{"a": [1, 1], "b": tr"#))
        #expect(pair == ["a": [1, 1]])
        #expect(repairs.count == 1)
        #expect(TruncatedReplyRecovery.recover(#"{"invoice_numb"#) == nil)
        #expect(TruncatedReplyRecovery.recover("Sure! Here is") == nil)
    }

    /// With Quarry's own grammar the notes leave out what it enforces (cents, non-negative
    /// money, dates) and add the integer bounds it leaves open.
    @Test func aCompiledGrammarNeedsFewerNotes() async throws {
        var object = try #require(Self.ticket.objectValue)
        var properties = try #require(object["properties"]?.objectValue)
        properties["count"] = ["type": "integer", "minimum": 10, "maximum": 100_000]
        object["properties"] = .object(properties)
        let document = JSONValue.object(object)
        let shaped = SchemaShaper.shape(document, with: .standard, forCompiledGrammar: true)
        #expect(
            shaped.notes == [
                "symptoms: list each item once, no repeats", "colours: list each item once, no repeats",
                "code: must match the regular expression [A-Z]{3}", "count: at least 10", "count: at most 100000",
            ])
        #expect(shaped.schema == SchemaShaper.shape(document, with: .standard).schema)
        #expect(!SchemaShaper.shape(document, with: .standard).notes.contains { $0.hasPrefix("count") })

        // Through the loop: the grammar goes out, and the system prompt has the shorter notes.
        let schema = try Schema(compiling: document)
        let provider = ScriptedProvider(
            name: "openai-compatible", model: "smollm2", [ScriptedProvider.text(#"{"symptoms": [], "total": 1}"#)])
        _ = try await Quarry(
            provider: provider, policy: ExtractionPolicy(grammarCompilation: .on), clock: ImmediateClock()
        )
        .extract("ticket", schema: schema, schemaName: "ticket")
        let request = try #require(provider.requests.first)
        #expect(request.grammar?.hasPrefix("root ::= ") == true)
        #expect(request.systemPrompt?.contains("- count: at least 10") == true)
        #expect(request.systemPrompt?.contains("multiple of 0.01") == false)
        // A provider that takes no grammar gets none, and the full notes.
        let other = ScriptedProvider(
            name: "ollama", model: "smollm2", [ScriptedProvider.text(#"{"symptoms": [], "total": 1}"#)])
        _ = try await Quarry(
            provider: other, policy: ExtractionPolicy(grammarCompilation: .on), clock: ImmediateClock()
        )
        .extract("ticket", schema: schema, schemaName: "ticket")
        #expect(other.requests.first?.grammar == nil)
        #expect(other.requests.first?.systemPrompt?.contains("- total: a multiple of 0.01") == true)
    }

    /// By default only the `local` provider (the llama.cpp server `quarry` starts) gets a
    /// compiled grammar; another compatible server may not take the field. Checked on the wire,
    /// with the providers the catalog builds.
    @Test func theGrammarIsCompiledForTheLocalServerByDefault() async throws {
        let schema = try Schema(compiling: Self.ticket)
        let reply =
            #"{"choices": [{"index": 0, "message": {"role": "assistant", "content": "{\"symptoms\": [], \"total\": 1}"}, "finish_reason": "stop"}]}"#
        for (name, policy, expectsGrammar) in [
            ("local", ExtractionPolicy(), true), ("openai-compatible", ExtractionPolicy(), false),
            ("local", ExtractionPolicy(grammarCompilation: .off), false),
            ("openai-compatible", ExtractionPolicy(grammarCompilation: .on), true),
        ] {
            // No loop stopping, so the reply is not streamed.
            var policy = policy
            policy.loopStopping = .off
            let transport = ScriptedTransport([.respond(HTTPResponse(status: 200, body: Array(reply.utf8)))])
            let provider = try #require(
                ProviderCatalog.provider(named: name, baseURL: "http://127.0.0.1:9", transport: transport))
            _ = try await Quarry(provider: provider, policy: policy, clock: ImmediateClock())
                .extract("ticket", schema: schema, schemaName: "ticket")
            let body = try JSONValue(parsing: try #require(transport.requests.first).body)
            #expect((body["grammar"] != nil) == expectsGrammar, "\(name) \(policy.grammarCompilation)")
            #expect((body["response_format"] == nil) == expectsGrammar, "\(name)")
        }
    }

    /// A server that cannot use the compiled grammar (llama.cpp answers 400 "failed to parse
    /// grammar") gets the schema instead, with the notes for its own conversion, and the
    /// attempt records why; other 400s still end the extraction.
    /// llama.cpp's answer to a grammar it cannot parse, and a valid ticket reply.
    static let grammarRefusal = HTTPResponse(
        status: 400,
        body: Array(
            #"{"error": {"code": 400, "message": "Failed to initialize samplers: failed to parse grammar", "type": "invalid_request_error"}}"#
                .utf8))
    static let ticketReply = HTTPResponse(
        status: 200,
        body: Array(
            #"{"choices": [{"index": 0, "message": {"role": "assistant", "content": "{\"symptoms\": [], \"total\": 1}"}, "finish_reason": "stop"}]}"#
                .utf8))

    @Test func aRefusedGrammarIsReplacedByTheSchema() async throws {
        let schema = try Schema(compiling: Self.ticket)
        var policy = ExtractionPolicy()
        policy.loopStopping = .off
        let transport = ScriptedTransport([.respond(Self.grammarRefusal), .respond(Self.ticketReply)])
        let provider = try #require(
            ProviderCatalog.provider(named: "local", baseURL: "http://127.0.0.1:9", transport: transport))
        let result = try await Quarry(provider: provider, policy: policy, clock: ImmediateClock())
            .extract("ticket", schema: schema, schemaName: "ticket")
        #expect(result.attempts.map(\.httpStatus) == [400, 200])
        #expect(
            result.attempts.last?.requestAdjustments.contains(
                "the server refused the compiled grammar: the schema is sent instead") == true)
        let bodies = try transport.requests.map { try JSONValue(parsing: $0.body) }
        try #require(bodies.count == 2)
        #expect(bodies[0]["grammar"] != nil)
        #expect(bodies[1]["grammar"] == nil)
        #expect(bodies[1]["response_format"] != nil)
        // The notes now describe what the server's own conversion leaves open.
        let system = { (body: JSONValue) in body["messages"]?.arrayValue?.first?["content"]?.stringValue ?? "" }
        #expect(!system(bodies[0]).contains("- total: a multiple of 0.01"))
        #expect(system(bodies[1]).contains("- total: a multiple of 0.01"))

        let other = #"{"error": {"code": 400, "message": "messages: invalid role", "type": "invalid_request_error"}}"#
        let failing = ScriptedTransport([.respond(HTTPResponse(status: 400, body: Array(other.utf8)))])
        let local = try #require(
            ProviderCatalog.provider(named: "local", baseURL: "http://127.0.0.1:9", transport: failing))
        await #expect(throws: ExtractionError.self) {
            _ = try await Quarry(provider: local, policy: policy, clock: ImmediateClock())
                .extract("ticket", schema: schema, schemaName: "ticket")
        }
        #expect(failing.requests.count == 1)
    }

    /// A runtime remembers a refused grammar: its next extraction with the same schema sends the
    /// schema at once, and says why; a new runtime tries the grammar again.
    @Test func aRefusedGrammarIsNotSentAgainByTheSameRuntime() async throws {
        let schema = try Schema(compiling: Self.ticket)
        var policy = ExtractionPolicy()
        policy.loopStopping = .off
        let transport = ScriptedTransport(
            [Self.grammarRefusal, Self.ticketReply, Self.ticketReply, Self.grammarRefusal, Self.ticketReply].map {
                .respond($0)
            })
        let provider = try #require(
            ProviderCatalog.provider(named: "local", baseURL: "http://127.0.0.1:9", transport: transport))
        let quarry = Quarry(provider: provider, policy: policy, clock: ImmediateClock())
        let first = try await quarry.extract("ticket", schema: schema, schemaName: "ticket")
        let second = try await quarry.extract("ticket", schema: schema, schemaName: "ticket")
        #expect(first.attempts.map(\.httpStatus) == [400, 200])
        #expect(second.attempts.map(\.httpStatus) == [200])
        #expect(
            second.attempts.first?.requestAdjustments.contains(
                "the server refused this grammar before: the schema is sent instead") == true)
        let bodies = try transport.requests.map { try JSONValue(parsing: $0.body) }
        try #require(bodies.count == 3)
        #expect(bodies[2]["grammar"] == nil)
        #expect(bodies[2]["response_format"] != nil)
        // The notes are the server conversion's, as after the refusal itself.
        #expect(bodies[2]["messages"] == bodies[1]["messages"])

        let fresh = try await Quarry(provider: provider, policy: policy, clock: ImmediateClock())
            .extract("ticket", schema: schema, schemaName: "ticket")
        #expect(fresh.attempts.map(\.httpStatus) == [400, 200])
    }

    @Test func aGrammarProviderGetsTheShapedSchemaNotesAndPenalties() async throws {
        let schema = try Schema(compiling: Self.ticket)
        let provider = ScriptedProvider(
            name: "openai-compatible", model: "smollm2", [ScriptedProvider.text(#"{"symptoms": [], "total": 1}"#)])
        let penalties = ExtractionPolicy(
            shaping: .grammar(GrammarShaping(samplingOptions: GrammarShaping.repetitionPenalties)))
        let result = try await Quarry(provider: provider, policy: penalties, clock: ImmediateClock()).extract(
            "ticket", schema: schema, schemaName: "ticket")
        let request = try #require(provider.requests.first)
        #expect(request.schema.objectValue?["properties"]?.objectValue?["symptoms"]?.objectValue?["maxItems"] == 16)
        #expect(request.systemPrompt?.contains("- total: a multiple of 0.01") == true)
        #expect(request.samplingOptions["repeat_penalty"] == 1.1)
        #expect(result.attempts.first?.requestAdjustments.contains("repeat_penalty 1.1 added") == true)
        // A cloud provider gets the schema as written.
        let cloud = ScriptedProvider([ScriptedProvider.text(#"{"symptoms": [], "total": 1}"#)])
        _ = try await Quarry(provider: cloud, clock: ImmediateClock()).extract(
            "ticket", schema: schema, schemaName: "ticket")
        #expect(cloud.requests.first?.schema == Self.ticket)
        #expect(cloud.requests.first?.samplingOptions.isEmpty == true)
        // The default shaping adds no sampling settings (penalties hurt copying from the input).
        let local = ScriptedProvider(
            name: "openai-compatible", model: "smollm2", [ScriptedProvider.text(#"{"symptoms": [], "total": 1}"#)])
        _ = try await Quarry(provider: local, clock: ImmediateClock()).extract(
            "ticket", schema: schema, schemaName: "ticket")
        #expect(local.requests.first?.samplingOptions.isEmpty == true)
        #expect(local.requests.first?.systemPrompt?.contains("- total: a multiple of 0.01") == true)
    }

    @Test func aLoopingCutOffReplyIsRecoveredAndTheResultSaysSo() async throws {
        let schema = try Schema(compiling: Self.ticket)
        let looping = #"{"total": 12.5, "symptoms": ["crash", "crash", "crash", "crash", "cra"#
        let provider = ScriptedProvider(
            name: "openai-compatible", model: "smollm2", [ScriptedProvider.text(looping, finish: .length)])
        let result = try await Quarry(provider: provider, clock: ImmediateClock()).extract(
            "ticket", schema: schema, schemaName: "ticket")
        #expect(result.json == ["total": 12.5, "symptoms": ["crash"]])
        #expect(result.wasRepaired)
        #expect(provider.requests.count == 1)
        #expect(result.attempts.first?.finishReason == .length)
        #expect(result.attempts.first?.repairs.count == 2)
    }

    /// In both styles the conversation carries what was recovered, once, in place of the
    /// cut-off text (`.automatic` is concise here: the provider's requests are shaped).
    @Test(arguments: [CorrectionStyle.automatic, .detailed])
    func aRecoveredButInvalidReplyIsCorrectedFromWhatWasKept(style: CorrectionStyle) async throws {
        let schema = try Schema(compiling: Self.ticket)
        let provider = ScriptedProvider(
            name: "openai-compatible", model: "smollm2",
            [
                ScriptedProvider.text(#"{"symptoms": ["a", "b"], "tot"#, finish: .length),
                ScriptedProvider.text(#"{"symptoms": ["a", "b"], "total": 3}"#),
            ])
        let policy = ExtractionPolicy(maximumOutputTokens: 100, correctionStyle: style)
        let result = try await Quarry(provider: provider, policy: policy, clock: ImmediateClock()).extract(
            "ticket", schema: schema, schemaName: "ticket")
        #expect(result.json == ["symptoms": ["a", "b"], "total": 3])
        let second = try #require(provider.requests.last)
        #expect(second.maxOutputTokens == 200)
        #expect(second.messages.map(\.role) == [.system, .user, .assistant, .user])
        #expect(second.messages[2].content == #"{"symptoms":["a","b"]}"#)
        let correction = second.messages[3].content
        #expect(!correction.contains(#""symptoms""#))
        if style == .detailed {
            #expect(
                correction.hasPrefix("Your previous reply was cut off; the JSON above is the part that was complete."))
            #expect(correction.contains("- (root): the required property \"total\" is missing (schema /required)"))
        } else {
            #expect(correction.hasPrefix("Your reply was cut off; the JSON above is the part that was complete.\nFix:"))
            #expect(correction.contains("- (root): the required property \"total\" is missing"))
            #expect(!correction.contains("(schema "))  // concise: no keyword pointers for small models
        }
    }

    @Test(arguments: [CorrectionStyle.concise, .detailed])
    func aConciseCorrectionCarriesTheLatestReplyOnly(style: CorrectionStyle) async throws {
        let schema = try Schema(compiling: Self.ticket)
        let provider = ScriptedProvider(
            name: "openai-compatible", model: "smollm2",
            [
                ScriptedProvider.text(#"{"symptoms": ["a"], "total": -1}"#),
                ScriptedProvider.text(#"{"symptoms": ["b"], "total": -2}"#),
                ScriptedProvider.text(#"{"symptoms": ["b"], "total": 2}"#),
            ])
        let result = try await Quarry(
            provider: provider, policy: ExtractionPolicy(correctionStyle: style), clock: ImmediateClock()
        ).extract("ticket", schema: schema, schemaName: "ticket")
        #expect(result.json == ["symptoms": ["b"], "total": 2])
        let third = try #require(provider.requests.last)
        if style == .concise {
            #expect(third.messages.map(\.role) == [.system, .user, .assistant, .user])
            #expect(third.messages[2].content == #"{"symptoms": ["b"], "total": -2}"#)
            #expect(third.messages[3].content.contains("-2 is less than the minimum of 0"))
        } else {
            #expect(third.messages.map(\.role) == [.system, .user, .assistant, .user, .assistant, .user])
        }
    }

    @Test func recoveryCanBeTurnedOff() async {
        let schema = (try? Schema(compiling: Self.ticket)) ?? (try! Schema(compiling: true))
        let provider = ScriptedProvider(
            name: "openai-compatible", model: "smollm2",
            [ScriptedProvider.text(#"{"total": 1, "symptoms": ["a", "a", "a", "a"#, finish: .length)])
        let policy = ExtractionPolicy(truncation: .retryWithLargerLimit)
        do {
            _ = try await Quarry(provider: provider, policy: policy, clock: ImmediateClock()).extract(
                "ticket", schema: schema, schemaName: "ticket")
            Issue.record("expected .truncated")
        } catch {
            // `extract` throws `ExtractionError` only (typed throws).
            guard case .truncated(let attempts) = error else {
                Issue.record("expected .truncated, got \(error)")
                return
            }
            #expect(attempts.count == 2)
        }
    }
}

/// Re-asking for the failing subtree only, and merging the answer back.
@Suite("Subtree corrections")
struct SubtreeCorrectionTests {
    static let order: JSONValue = [
        "type": "object", "required": ["name", "line_items"],
        "properties": [
            "name": ["type": "string"],
            "line_items": ["type": "array", "items": ["$ref": "#/$defs/line"]],
        ],
        "$defs": [
            "line": [
                "type": "object", "required": ["sku", "price"],
                "properties": ["sku": ["type": "string"], "price": ["type": "number", "multipleOf": 0.01]],
            ]
        ],
    ]

    @Test func theTargetIsTheDeepestSubtreeHoldingEveryError() throws {
        let schema = try Schema(compiling: Self.order)
        let reply: JSONValue = ["name": "A", "line_items": [["sku": "X", "price": 1.5], ["price": 2.345]]]
        let errors = schema.validate(reply).errors
        let target = try #require(SubtreeCorrection.target(for: errors, in: Self.order))
        #expect(target.pointer.description == "/line_items/1")
        #expect(target.schema.objectValue?["required"] == ["sku", "price"])
        #expect(target.schema.objectValue?["$defs"] == nil)  // attached only when it has references
        // Errors in two places share only the root: no subtree to re-ask for.
        let two: JSONValue = ["name": 7, "line_items": [["sku": "X", "price": 1.555]]]
        #expect(SubtreeCorrection.target(for: schema.validate(two).errors, in: Self.order) == nil)
    }

    @Test func theLoopAsksForTheSubtreeAndMergesTheAnswer() async throws {
        let schema = try Schema(compiling: Self.order)
        let provider = ScriptedProvider([
            ScriptedProvider.text(
                #"{"name": "A", "line_items": [{"sku": "X", "price": 1.5}, {"sku": "Y", "price": 2.345}]}"#),
            ScriptedProvider.text("2.35"),
        ])
        let policy = ExtractionPolicy(partialReasking: .on)
        let result = try await Quarry(provider: provider, policy: policy, clock: ImmediateClock()).extract(
            "order", schema: schema, schemaName: "order")
        #expect(
            result.json == ["name": "A", "line_items": [["sku": "X", "price": 1.5], ["sku": "Y", "price": 2.35]]])
        let second = try #require(provider.requests.last)
        #expect(second.schemaName == "order_part")
        #expect(second.schema == ["type": "number", "multipleOf": 0.01])
        #expect(second.messages.count == 3)
        #expect(
            second.messages.last?.content.hasPrefix(
                "Only part of your reply is wrong: the value at /line_items/1/price.") == true)
        #expect(second.messages.last?.content.contains("It is now: 2.345") == true)
        #expect(result.attempts.last?.requestAdjustments == ["re-asked for /line_items/1/price only"])
    }
}
