import Foundation
import Quarry
import QuarrySchema
import Testing

/// Copies in a `uniqueItems` array of a shaped request's reply are dropped and recorded, never
/// when that would break another keyword, and never for providers that are not shaped.
@Suite("Dropping duplicate items")
struct DuplicateItemRepairTests {
    static let schema: JSONValue = [
        "type": "object", "required": ["skills", "jobs"], "additionalProperties": false,
        "properties": [
            "skills": ["type": "array", "uniqueItems": true, "minItems": 2, "items": ["type": "string"]],
            "jobs": [
                "type": "array", "uniqueItems": true,
                "items": [
                    "type": "object", "required": ["title", "tags"],
                    "properties": [
                        "title": ["type": "string"],
                        "tags": ["type": "array", "uniqueItems": true, "items": ["type": "string"]],
                    ],
                ],
            ],
            "total": ["type": "integer", "minimum": 0],
        ],
    ]

    private func extract(_ replies: [String], provider name: String = "openai-compatible") async throws -> (
        Extraction<JSONValue>, ScriptedProvider
    ) {
        let provider = ScriptedProvider(name: name, model: "smollm2", replies.map { ScriptedProvider.text($0) })
        let result = try await Quarry(provider: provider, clock: ImmediateClock()).extract(
            "cv", schema: try Schema(compiling: Self.schema), schemaName: "cv")
        return (result, provider)
    }

    @Test func copiesAreDroppedAndRecordedWithWhatWasDropped() async throws {
        let (result, provider) = try await extract([
            #"{"skills": ["Python", "SQL", "Python", "C#", "SQL"], "jobs": [{"title": "dev", "tags": ["a"]}]}"#
        ])
        #expect(provider.requests.count == 1)
        #expect(result.json["skills"] == ["Python", "SQL", "C#"])
        #expect(result.wasRepaired)
        #expect(
            result.attempts.last?.repairs == [
                .droppedDuplicateItems(pointer: "/skills", items: [#""Python""#, #""SQL""#])
            ])
    }

    @Test func innerArraysAreDedupedBeforeTheArraysHoldingThem() async throws {
        let job = #"{"title": "dev", "tags": ["x", "x"]}"#
        let (result, _) = try await extract([#"{"skills": ["a", "b"], "jobs": [\#(job), \#(job)]}"#])
        #expect(result.json["jobs"] == [["title": "dev", "tags": ["x"]]])
        // The tags of each copy first; then the copy, as it was once its tags were deduplicated.
        #expect(
            result.attempts.last?.repairs == [
                .droppedDuplicateItems(pointer: "/jobs/0/tags", items: [#""x""#]),
                .droppedDuplicateItems(pointer: "/jobs/1/tags", items: [#""x""#]),
                .droppedDuplicateItems(pointer: "/jobs", items: [#"{"title":"dev","tags":["x"]}"#]),
            ])
    }

    @Test func aDropThatWouldBreakAnotherKeywordIsNotMade() async throws {
        // Deduplicated, "skills" would have one item, under its minItems of 2: the reply goes
        // to the corrective loop as it was.
        let (result, provider) = try await extract([
            #"{"skills": ["Go", "Go"], "jobs": []}"#,
            #"{"skills": ["Go", "Rust"], "jobs": []}"#,
        ])
        #expect(provider.requests.count == 2)
        #expect(result.attempts.first?.repairs == [])
        #expect(result.attempts.first?.errors.map(\.keyword) == ["uniqueItems"])
        #expect(result.json["skills"] == ["Go", "Rust"])
    }

    @Test func otherErrorsAreCorrectedFromTheDeduplicatedReply() async throws {
        let (result, provider) = try await extract([
            #"{"skills": ["Go", "Go", "Rust"], "jobs": [], "total": -1}"#,
            #"{"skills": ["Go", "Rust"], "jobs": [], "total": 1}"#,
        ])
        let first = try #require(result.attempts.first)
        #expect(first.repairs == [.droppedDuplicateItems(pointer: "/skills", items: [#""Go""#])])
        #expect(first.errors.map(\.keyword) == ["minimum"])  // the duplicate is no longer an error
        // The repaired value is not returned as valid: the correction fixed what remained.
        #expect(provider.requests.count == 2)
        #expect(result.json["total"] == 1)
    }

    @Test func repliesOfProvidersThatAreNotShapedAreCorrectedInstead() async throws {
        let (result, provider) = try await extract(
            [#"{"skills": ["Go", "Go", "Rust"], "jobs": []}"#, #"{"skills": ["Go", "Rust"], "jobs": []}"#],
            provider: "openai")
        #expect(provider.requests.count == 2)
        #expect(result.attempts.first?.errors.map(\.keyword) == ["uniqueItems"])
        #expect(!result.wasRepaired)
    }
}
