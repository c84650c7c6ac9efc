import Foundation
import Quarry
import QuarrySchema
import Testing

/// Re-asking only for the required properties a reply lacks, and adding the answer to it.
@Suite("Missing-properties corrections")
struct MissingPropertiesCorrectionTests {
    static let order: JSONValue = [
        "type": "object", "required": ["name", "line_items", "subtotal", "total"],
        "properties": [
            "name": ["type": "string"],
            "line_items": ["type": "array", "items": ["$ref": "#/$defs/line"]],
            "subtotal": ["type": "number"],
            "total": ["type": "number", "minimum": 0],
            "note": ["type": "string"],
        ],
        "$defs": [
            "line": [
                "type": "object", "required": ["sku", "price"],
                "properties": ["sku": ["type": "string"], "price": ["type": "number"]],
            ]
        ],
    ]

    @Test func theTargetNamesTheMissingPropertiesInRequiredOrder() throws {
        let schema = try Schema(compiling: Self.order)
        let reply: JSONValue = ["name": "A", "line_items": []]
        let target = try #require(
            MissingPropertiesCorrection.target(for: schema.validate(reply).errors, in: reply, schema: Self.order))
        #expect(target.pointer == .root)
        #expect(target.names == ["subtotal", "total"])
        #expect(
            target.schema == [
                "type": "object",
                "properties": ["subtotal": ["type": "number"], "total": ["type": "number", "minimum": 0]],
                "required": ["subtotal", "total"], "additionalProperties": false,
            ])
        #expect(
            MissingPropertiesCorrection.message(for: target).hasPrefix(
                "Your reply lacks these fields: subtotal, total."))
    }

    @Test func aNestedObjectGetsItsOwnTargetWithDefinitionsAttached() throws {
        let document: JSONValue = [
            "type": "object", "required": ["line"], "properties": ["line": ["$ref": "#/$defs/line"]],
            "$defs": [
                "line": [
                    "type": "object", "required": ["sku", "item"],
                    "properties": ["sku": ["type": "string"], "item": ["$ref": "#/$defs/item"]],
                ],
                "item": ["type": "string"],
            ],
        ]
        let schema = try Schema(compiling: document)
        let reply: JSONValue = ["line": ["sku": "X"]]
        let target = try #require(
            MissingPropertiesCorrection.target(for: schema.validate(reply).errors, in: reply, schema: document))
        #expect(target.pointer.description == "/line")
        #expect(target.names == ["item"])
        #expect(target.schema.objectValue?["$defs"] == document.objectValue?["$defs"])
        // Below the root, the ask shows the object, so the model knows which one is meant.
        #expect(
            MissingPropertiesCorrection.message(for: target, current: ["sku": "X"])
                == """
                The object at /line in your reply lacks this field: item.
                It is now: {"sku":"X"}
                Reply with a JSON object of only this field, taken from the text.
                """)
        let merged = MissingPropertiesCorrection.merge(["item": "pen", "sku": "ignored"], for: target, into: reply)
        #expect(merged == ["line": ["sku": "X", "item": "pen"]])
    }

    @Test func anyOtherErrorMeansNoTarget() throws {
        let schema = try Schema(compiling: Self.order)
        // A missing property and a wrong value: asking for the missing one alone would not do.
        let wrong: JSONValue = ["name": 7, "line_items": [], "subtotal": 1]
        #expect(
            MissingPropertiesCorrection.target(for: schema.validate(wrong).errors, in: wrong, schema: Self.order) == nil
        )
        // Missing properties in two different objects.
        let two: JSONValue = ["name": "A", "line_items": [["sku": "X"]], "subtotal": 1]
        #expect(
            MissingPropertiesCorrection.target(for: schema.validate(two).errors, in: two, schema: Self.order) == nil)
        // The answer is not an object: nothing to merge.
        let reply: JSONValue = ["name": "A", "line_items": [], "subtotal": 1]
        let target = try #require(
            MissingPropertiesCorrection.target(for: schema.validate(reply).errors, in: reply, schema: Self.order))
        #expect(MissingPropertiesCorrection.merge(3, for: target, into: reply) == nil)
    }

    @Test func aLoopStoppedReplyIsCompletedByAskingForTheMissingFieldsOnly() async throws {
        let schema = try Schema(compiling: Self.order)
        let provider = ScriptedProvider([
            ScriptedProvider.text(
                #"{"name": "A", "line_items": [{"sku": "X", "price": 1.5}, {"sku": "X", "pri"#, output: 400,
                finish: .repetition),
            ScriptedProvider.text(#"{"subtotal": 1.5, "total": 1.8}"#, output: 12),
        ])
        let policy = ExtractionPolicy(partialReasking: .on)
        let result = try await Quarry(provider: provider, policy: policy, clock: ImmediateClock()).extract(
            "order", schema: schema, schemaName: "order")
        #expect(
            result.json == [
                "name": "A", "line_items": [["sku": "X", "price": 1.5]], "subtotal": 1.5, "total": 1.8,
            ])
        let second = try #require(provider.requests.last)
        #expect(provider.requests.count == 2)
        #expect(second.schemaName == "order_part")
        #expect(second.schema.objectValue?["required"] == ["subtotal", "total"])
        // The opening (system prompt and text) and the ask: not the looping reply again.
        #expect(second.messages.count == 3)
        #expect(second.messages.last?.content.hasPrefix("Your reply lacks these fields: subtotal, total.") == true)
        let first = try #require(result.attempts.first)
        #expect(first.failure?.hasPrefix("stopped") == true)
        #expect(first.repairs.contains { if case .closedTruncatedReply = $0 { true } else { false } })
        // The item the loop was still writing, without its price, is dropped and kept in the repair.
        #expect(first.repairs.contains(.droppedIncompleteItem(pointer: "/line_items", item: #"{"sku":"X"}"#)))
        #expect(result.attempts.last?.requestAdjustments == ["re-asked for the missing subtotal, total only"])
    }

    @Test func repairsToANestedAnswerPointIntoTheWholeReply() async throws {
        let document: JSONValue = [
            "type": "object", "required": ["name", "shipping"],
            "properties": [
                "name": ["type": "string"],
                "shipping": [
                    "type": "object", "required": ["city", "notes"],
                    "properties": [
                        "city": ["type": "string"], "notes": ["type": "array", "items": ["type": "string"]],
                    ],
                ],
            ],
        ]
        let schema = try Schema(compiling: document)
        let provider = ScriptedProvider([
            ScriptedProvider.text(#"{"name": "A", "shipping": {"city": "Oslo"}}"#),
            // The answer for /shipping's missing notes loops and is stopped.
            ScriptedProvider.text(#"{"notes": ["ring", "ring", "ring", "ring", "ri"#, finish: .repetition),
        ])
        let policy = ExtractionPolicy(partialReasking: .on)
        let result = try await Quarry(provider: provider, policy: policy, clock: ImmediateClock()).extract(
            "order", schema: schema, schemaName: "order")
        #expect(result.json == ["name": "A", "shipping": ["city": "Oslo", "notes": ["ring"]]])
        #expect(provider.requests.last?.messages.last?.content.contains(#"It is now: {"city":"Oslo"}"#) == true)
        #expect(result.attempts.last?.requestAdjustments == ["re-asked for the missing notes of /shipping only"])
        #expect(
            result.attempts.last?.repairs.contains(
                .droppedRepeatedItems(pointer: "/shipping/notes", count: 3, item: #""ring""#)) == true)
    }

    @Test func aLoopStoppedAnswerIsTrimmedWhereItWasMergedAndTheRestReasked() async throws {
        let schema = try Schema(compiling: Self.order)
        let provider = ScriptedProvider([
            ScriptedProvider.text(#"{"name": "A"}"#),
            // The answer for line_items, subtotal and total loops inside its second item.
            ScriptedProvider.text(#"{"line_items": [{"sku": "X", "price": 1}, {"sku": "X", "pri"#, finish: .repetition),
            ScriptedProvider.text(#"{"subtotal": 1, "total": 1}"#),
        ])
        let policy = ExtractionPolicy(partialReasking: .on)
        let result = try await Quarry(provider: provider, policy: policy, clock: ImmediateClock()).extract(
            "order", schema: schema, schemaName: "order")
        #expect(result.json == ["name": "A", "line_items": [["sku": "X", "price": 1]], "subtotal": 1, "total": 1])
        #expect(
            result.attempts[1].repairs.contains(.droppedIncompleteItem(pointer: "/line_items", item: #"{"sku":"X"}"#)))
        #expect(
            result.attempts.map(\.requestAdjustments.last) == [
                nil, "re-asked for the missing line_items, subtotal, total only",
                "re-asked for the missing subtotal, total only",
            ])
    }

    @Test func anItemTheModelClosedIsNeverDropped() async throws {
        let schema = try Schema(compiling: Self.order)
        let provider = ScriptedProvider([
            // The item lacks its price but was closed before the loop stopped the reply.
            ScriptedProvider.text(#"{"name": "A", "line_items": [{"sku": "X"}], "subtotal": "#, finish: .repetition),
            ScriptedProvider.text(
                #"{"name": "A", "line_items": [{"sku": "X", "price": 1}], "subtotal": 1, "total": 1}"#),
        ])
        let policy = ExtractionPolicy(partialReasking: .on)
        let result = try await Quarry(provider: provider, policy: policy, clock: ImmediateClock()).extract(
            "order", schema: schema, schemaName: "order")
        let first = try #require(result.attempts.first)
        #expect(!first.repairs.contains { if case .droppedIncompleteItem = $0 { true } else { false } })
        // Errors in the item and at the root: no part to re-ask for, so a whole correction.
        #expect(provider.requests.last?.schemaName == "order")
        #expect(result.json.objectValue?["line_items"] == [["sku": "X", "price": 1]])
    }

    @Test func aReplyCutAtTheLimitIsCorrectedWholeWithMoreRoom() async throws {
        let schema = try Schema(compiling: Self.order)
        let provider = ScriptedProvider([
            ScriptedProvider.text(
                #"{"name": "A", "line_items": [{"sku": "X", "price": 1.5}], "subtotal": 1.5, "tot"#, output: 1024,
                finish: .length),
            ScriptedProvider.text(#"{"name": "A", "line_items": [], "subtotal": 0, "total": 0}"#),
        ])
        let policy = ExtractionPolicy(truncation: .recover, partialReasking: .on)
        let result = try await Quarry(provider: provider, policy: policy, clock: ImmediateClock()).extract(
            "order", schema: schema, schemaName: "order")
        // It may lack items as well as fields: asking for `total` alone could lock in a short list.
        let second = try #require(provider.requests.last)
        #expect(second.schemaName == "order")
        #expect(second.maxOutputTokens == 2 * (provider.requests.first?.maxOutputTokens ?? 0))
        #expect(result.attempts.count == 2)
    }

    @Test func aCutOffSubtreeAnswerIsNotMergedOverTheWholeSubtree() async throws {
        let schema = try Schema(compiling: Self.order)
        let provider = ScriptedProvider([
            // Both errors are inside /line_items: the subtree is re-asked.
            ScriptedProvider.text(
                #"{"name": "A", "line_items": [{"sku": "X", "price": "1"}, {"sku": "Y", "price": "2"}, {"sku": "Z", "price": 3}], "subtotal": 6, "total": 6}"#
            ),
            // The answer loops and is stopped after two items: merging it would lose Z.
            ScriptedProvider.text(
                #"[{"sku": "X", "price": 1}, {"sku": "Y", "price": 2}, {"sku": "X", "pri"#, finish: .repetition),
            ScriptedProvider.text(
                #"{"name": "A", "line_items": [{"sku": "X", "price": 1}, {"sku": "Y", "price": 2}, {"sku": "Z", "price": 3}], "subtotal": 6, "total": 6}"#
            ),
        ])
        let policy = ExtractionPolicy(partialReasking: .on)
        let result = try await Quarry(provider: provider, policy: policy, clock: ImmediateClock()).extract(
            "order", schema: schema, schemaName: "order")
        #expect(result.json.objectValue?["line_items"]?.arrayValue?.count == 3)
        #expect(provider.requests.map(\.schemaName) == ["order", "order_part", "order"])
        // The whole correction continues from the reply before the partial ask, with its errors.
        let third = try #require(provider.requests.last)
        #expect(third.messages[2].role == .assistant)
        #expect(third.messages[2].content.contains(#""sku":"Z""#))
        #expect(third.messages.last?.content.contains("/line_items/0/price") == true)
    }

    @Test func anAnswerThatDoesNotFitFallsBackToAWholeCorrection() async throws {
        let schema = try Schema(compiling: Self.order)
        let provider = ScriptedProvider([
            ScriptedProvider.text(#"{"name": "A", "line_items": []}"#),
            ScriptedProvider.text(#"{"order": {"subtotal": 0}}"#),
            ScriptedProvider.text(#"{"name": "A", "line_items": [], "subtotal": 0, "total": 0}"#),
        ])
        let policy = ExtractionPolicy(partialReasking: .on)
        let result = try await Quarry(provider: provider, policy: policy, clock: ImmediateClock()).extract(
            "order", schema: schema, schemaName: "order")
        #expect(provider.requests.map(\.schemaName) == ["order", "order_part", "order"])
        #expect(result.attempts[1].failure == "the answer to the partial re-ask did not fit")
        #expect(result.attempts[1].errors.count == 2)
        let third = try #require(provider.requests.last)
        #expect(third.messages[2].content == #"{"name":"A","line_items":[]}"#)
    }

    @Test func anAnswerThatStillFailsIsCorrectedAsAWholeReply() async throws {
        let schema = try Schema(compiling: Self.order)
        let provider = ScriptedProvider([
            ScriptedProvider.text(#"{"name": "A", "line_items": []}"#),
            // Merged, the reply is wrong in two places: no part to re-ask for.
            ScriptedProvider.text(#"{"subtotal": "x", "total": -1}"#),
            ScriptedProvider.text(#"{"name": "A", "line_items": [], "subtotal": 0, "total": 0}"#),
        ])
        let policy = ExtractionPolicy(partialReasking: .on)
        let result = try await Quarry(provider: provider, policy: policy, clock: ImmediateClock()).extract(
            "order", schema: schema, schemaName: "order")
        #expect(result.json == ["name": "A", "line_items": [], "subtotal": 0, "total": 0])
        #expect(provider.requests.count == 3)
        // The full correction continues the conversation with the merged reply, not the part.
        let third = try #require(provider.requests.last)
        #expect(third.schemaName == "order")
        #expect(third.messages.count == 4)
        #expect(third.messages[2].role == .assistant)
        #expect(third.messages[2].content == #"{"name":"A","line_items":[],"subtotal":"x","total":-1}"#)
        #expect(
            result.attempts.map(\.requestAdjustments.last) == [
                nil, "re-asked for the missing subtotal, total only", nil,
            ])
    }
}
