import QuarryEvals
import QuarrySchema
import Testing

@Suite("Per-field scoring")
struct ScoringTests {
    /// A small schema exercising every inferred comparison and the x-eval overrides.
    static let schemaText = """
        {
          "type": "object",
          "properties": {
            "name": {"type": "string"},
            "total": {"type": "number", "x-eval": {"abs": 0.01}},
            "currency": {"enum": ["EUR", "USD"]},
            "date": {"type": "string", "format": "date"},
            "items": {
              "type": "array",
              "x-eval": {"key": "sku"},
              "items": {"$ref": "#/$defs/item"}
            },
            "tags": {"type": "array", "items": {"type": "string"}},
            "note": {"type": ["string", "null"]},
            "address": {
              "type": "object",
              "properties": {"city": {"type": "string"}, "country": {"type": "string", "x-eval": {"critical": true}}}
            },
            "summary": {"type": "string", "x-eval": {"compare": "token_f1", "threshold": 0.5}},
            "internal": {"type": "string", "x-eval": {"ignore": true}}
          },
          "$defs": {
            "item": {
              "type": "object",
              "properties": {"sku": {"type": "string"}, "qty": {"type": "integer"}, "price": {"type": "number"}}
            }
          }
        }
        """

    static func scorer() throws -> CaseScorer {
        CaseScorer(plan: ScoringPlan(schema: try Schema(text: schemaText)))
    }

    static let expected: JSONValue = [
        "name": "Acme Ltd", "total": 10.00, "currency": "EUR", "date": "2025-03-14",
        "items": [["sku": "A1", "qty": 2, "price": 3.5], ["sku": "B2", "qty": 1, "price": 3]],
        "tags": ["x", "y"], "note": nil, "address": ["city": "Berlin", "country": "DE"],
    ]

    static let actual: JSONValue = [
        "name": "ACME   ltd", "total": 10.004, "currency": "eur", "date": "14.03.2025",
        "items": [["sku": "B2", "qty": 1, "price": 4], ["sku": "C3", "qty": 1, "price": 1]],
        "tags": ["y", "z"], "note": "paid", "address": ["city": "Berlin"], "internal": "anything",
    ]

    /// Worked by hand:
    /// correct  /name (normalised), /total (within 0.01), /date (same day), /items/1/sku,
    ///          /items/1/qty, /tags/1 ("y"), /address/city                          = 7
    /// wrong    /currency (enums are exact), /items/1/price (4 vs 3)                = 2
    /// omitted  /items/0/{sku,qty,price} (no A1 in the reply), /tags/0 ("x"),
    ///          /address/country                                                   = 5
    /// invented /items/1/{sku,qty,price} of the reply (C3), /tags/1 ("z") of the
    ///          reply, /note ("paid" where null was expected)                      = 5
    /// /internal is ignored. precision = 7/14, recall = 7/14, F1 = 0.5.
    @Test func handComputedCounts() throws {
        let outcomes = try Self.scorer().score(expected: Self.expected, actual: Self.actual)
        let counts = FieldCounts(outcomes)
        #expect(counts == FieldCounts(correct: 7, wrong: 2, omitted: 5, invented: 5))
        #expect(counts.precision == 0.5)
        #expect(counts.recall == 0.5)
        #expect(counts.f1 == 0.5)
        func result(_ pointer: String) -> FieldResult? {
            outcomes.first { $0.pointer.description == pointer && $0.result != .invented }?.result
        }
        #expect(result("/name") == .correct)
        #expect(result("/total") == .correct)
        #expect(result("/currency") == .wrong)
        #expect(result("/date") == .correct)
        #expect(result("/items/0/sku") == .omitted)
        #expect(result("/items/1/price") == .wrong)
        #expect(result("/address/country") == .omitted)
        #expect(
            outcomes.filter { $0.result == .invented }.map(\.pointer.description).sorted() == [
                "/items/1/price", "/items/1/qty", "/items/1/sku", "/note", "/tags/1",
            ])
        #expect(!outcomes.contains { $0.field == "/internal" })
        // Per-field aggregation uses * for array elements.
        let sku = FieldCounts(outcomes.filter { $0.field == "/items/*/sku" })
        #expect(sku == FieldCounts(correct: 1, omitted: 1, invented: 1))
        #expect(sku.precision == 0.5 && sku.recall == 0.5)
        // The schema's x-eval marks the country critical.
        #expect(outcomes.first { $0.pointer.description == "/address/country" }?.isCritical == true)
        #expect(outcomes.first { $0.pointer.description == "/address/city" }?.isCritical == false)
    }

    @Test func partialCasesScoreOnlyNamedFields() throws {
        let outcomes = try Self.scorer().score(
            expected: ["total": 10, "note": nil], actual: Self.actual, isPartial: true)
        // /total correct; /note expected null, "paid" given: invented. Nothing else is scored.
        #expect(FieldCounts(outcomes) == FieldCounts(correct: 1, invented: 1))
    }

    @Test func explicitNullsAndEmptyArraysCountWhenReproduced() throws {
        let outcomes = try Self.scorer().score(
            expected: ["note": nil, "tags": []], actual: ["tags": []])
        #expect(FieldCounts(outcomes) == FieldCounts(correct: 2))
        // Left out of a complete expected document, a value in the reply is invented.
        let invented = try Self.scorer().score(expected: ["name": "A"], actual: ["name": "A", "date": "2025-01-01"])
        #expect(FieldCounts(invented) == FieldCounts(correct: 1, invented: 1))
    }

    @Test func aValueOfAnotherShapeMakesEveryExpectedLeafWrong() throws {
        let outcomes = try Self.scorer().score(
            expected: ["address": ["city": "Berlin", "country": "DE"], "total": 3],
            actual: ["address": "Berlin, DE", "total": "3.00"])
        #expect(FieldCounts(outcomes) == FieldCounts(wrong: 3))
    }

    @Test func noDocumentMeansEverythingOmitted() throws {
        let outcomes = try Self.scorer().score(expected: Self.expected, actual: nil)
        // 14 expected leaves with values (4 top-level, 6 in items, 2 tags, 2 in address) are
        // omitted; the expected null /note is reproduced by "nothing".
        #expect(FieldCounts(outcomes) == FieldCounts(correct: 1, omitted: 14))
    }

    @Test func aRunawayDeepReplyIsJudgedWithoutRecursingForever() throws {
        var deep: JSONValue = "bottom"
        for _ in 0..<500 { deep = ["d": deep] }
        let outcomes = CaseScorer(plan: ScoringPlan(document: true)).score(expected: ["d": "x"], actual: deep)
        // /d is an object where a string was expected: the expected leaf is wrong.
        #expect(FieldCounts(outcomes) == FieldCounts(wrong: 1))
        let both = CaseScorer(plan: ScoringPlan(document: true)).score(expected: deep, actual: deep)
        #expect(FieldCounts(both) == FieldCounts(correct: 1))
        #expect(both.first?.pointer.tokens.count == 64)
    }

    @Test func bestAssignmentIgnoresOrder() throws {
        let plan = ScoringPlan(document: [
            "type": "array",
            "items": ["type": "object", "properties": ["a": ["type": "string"], "b": ["type": "integer"]]],
        ])
        let scorer = CaseScorer(plan: plan)
        let expected: JSONValue = [["a": "x", "b": 1], ["a": "y", "b": 2], ["a": "z", "b": 3]]
        let actual: JSONValue = [["a": "z", "b": 3], ["a": "x", "b": 9], ["a": "y", "b": 2]]
        let counts = FieldCounts(scorer.score(expected: expected, actual: actual))
        // x pairs with (x, 9): one wrong; y and z fully correct.
        #expect(counts == FieldCounts(correct: 5, wrong: 1))
        // Ordered matching pairs by position instead: x/z, y/x, z/y all differ.
        let ordered = ScoringPlan(document: [
            "type": "array", "x-eval": ["match": "ordered"],
            "items": ["type": "object", "properties": ["a": ["type": "string"], "b": ["type": "integer"]]],
        ])
        #expect(
            FieldCounts(CaseScorer(plan: ordered).score(expected: expected, actual: actual))
                == FieldCounts(correct: 0, wrong: 6))
    }

    @Test func criticalPointersFromTheCase() throws {
        let outcomes = try Self.scorer().score(
            expected: Self.expected, actual: Self.actual, critical: [try JSONPointer(parsing: "/items/*/price")])
        let critical = outcomes.filter(\.isCritical).map(\.pointer.description)
        #expect(critical.contains("/items/1/price"))
        #expect(critical.contains("/items/0/price"))
        #expect(!critical.contains("/items/0/sku"))
    }

    @Test func sideFileOverridesApplyByFieldPath() throws {
        let schema = try Schema(text: Self.schemaText)
        let overrides: JSONValue = ["x-eval": ["/currency": ["compare": "normalized"], "/name": ["ignore": true]]]
        let scorer = CaseScorer(plan: ScoringPlan(schema: schema, overrides: overrides))
        let outcomes = scorer.score(
            expected: ["name": "A", "currency": "EUR"], actual: ["name": "B", "currency": "eur"])
        #expect(FieldCounts(outcomes) == FieldCounts(correct: 1))
        let broken = ScoringPlan(schema: schema, overrides: ["x-eval": ["/name": ["compare": "fuzzy"]]])
        #expect(broken.problems.count == 1)
    }

    @Test func inferredComparisonsFollowReferencesAndNullableBranches() throws {
        let plan = ScoringPlan(document: [
            "$id": "https://example.test/s.json",
            "type": "object",
            "properties": [
                "month": ["$ref": "#/$defs/ym"],
                "end": ["anyOf": [["$ref": "https://example.test/s.json#/$defs/ym"], ["type": "null"]]],
                "at": ["type": "string", "format": "date-time"],
                "count": ["type": ["integer", "null"]],
            ],
            "$defs": ["ym": ["type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"]],
        ])
        let rule = plan.rule(at: .root)
        #expect(plan.rule(at: rule.properties["month"]).comparison == .date)
        #expect(plan.rule(at: rule.properties["end"]).comparison == .date)
        #expect(plan.rule(at: rule.properties["at"]).comparison == .dateTime)
        #expect(plan.rule(at: rule.properties["count"]).comparison == .number(.exact))
    }
}

@Suite("Comparisons")
struct ComparisonTests {
    @Test func normalisation() {
        let standard = TextNormalization.standard
        #expect(standard.apply("  Bäckerei   HOFMANN ") == "bäckerei hofmann")
        // NFC: a + combining diaeresis equals the precomposed ä.
        #expect(standard.apply("Ba\u{0308}ckerei") == standard.apply("Bäckerei"))
        #expect(TextNormalization(removesPunctuation: true).apply("Net-30.") == "net30")
        #expect(TextNormalization.none.apply(" A ") == " A ")
    }

    @Test func tokenF1AndEditDistance() {
        // expected {a, b, c, d}, actual {a, b, e}: overlap 2, P = 2/3, R = 2/4, F1 = 4/7.
        #expect(abs(TextSimilarity.tokenF1(expected: "a b c d", actual: "a b e") - 4.0 / 7.0) < 1e-12)
        #expect(TextSimilarity.tokenF1(expected: "", actual: "") == 1)
        #expect(TextSimilarity.editDistance("kitten", "sitting") == 3)
        #expect(abs(TextSimilarity.editSimilarity("kitten", "sitting") - (1 - 3.0 / 7.0)) < 1e-12)
        let fuzzy = LeafComparison.editDistance(threshold: 0.85, maxEdits: 1, normalization: .standard)
        #expect(fuzzy.matches(expected: "Hofmann", actual: "Hoffmann"))
        #expect(!fuzzy.matches(expected: "Hofmann", actual: "Hoffman"))
    }

    @Test func numbers() {
        let exact = LeafComparison.number(.exact)
        #expect(exact.matches(expected: 1, actual: 1.0))
        #expect(!exact.matches(expected: 1, actual: 1.001))
        #expect(!exact.matches(expected: 1, actual: "1"))
        let relative = LeafComparison.number(NumberTolerance(relative: 0.01))
        #expect(relative.matches(expected: 200, actual: 202))
        #expect(!relative.matches(expected: 200, actual: 202.5))
        let absolute = LeafComparison.number(NumberTolerance(absolute: 0.01))
        #expect(absolute.matches(expected: 562.39, actual: 562.4))
        #expect(!absolute.matches(expected: 562.39, actual: 562.41))
    }

    @Test func datesAsDates() {
        for text in [
            "2025-03-14", "14.03.2025", "14/03/2025", "03/14/2025", "14 March 2025", "March 14, 2025",
            "14th Mar 2025", "2025/03/14", "2025-03-14T09:00:00Z",
        ] {
            #expect(CalendarDate(parsing: text)?.description == "2025-03-14", "\(text)")
        }
        #expect(CalendarDate(parsing: "03/04/2025") == nil)  // ambiguous day and month
        #expect(CalendarDate(parsing: "2025-02-30") == nil)
        #expect(CalendarDate(parsing: "2025-04")?.description == "2025-04")
        #expect(CalendarDate(parsing: "1970-01-02")?.daysSinceEpoch == 1)
        #expect(LeafComparison.date.matches(expected: "2025-03-14", actual: "14.03.2025"))
        #expect(!LeafComparison.date.matches(expected: "2025-03-14", actual: "2025-03-15"))
    }

    @Test func timestampsAsMoments() {
        let comparison = LeafComparison.dateTime
        #expect(comparison.matches(expected: "2025-05-06T09:12:00+02:00", actual: "2025-05-06T07:12:00Z"))
        #expect(comparison.matches(expected: "2025-05-06T09:12:00+02:00", actual: "2025-05-06 09:12+02:00"))
        #expect(!comparison.matches(expected: "2025-05-06T09:12:00+02:00", actual: "2025-05-06T09:12:00Z"))
        // Without an offset on one side, the local times are compared.
        #expect(comparison.matches(expected: "2025-05-06T09:12:00+02:00", actual: "2025-05-06T09:12:00"))
    }

    @Test func truncatedRepliesCloseAtTheirLastCompleteValue() {
        #expect(
            TruncatedJSON.close(#"{"a": 1, "b": [{"c": 2}, {"c": 3, "d": "unfinish"#)
                == ["a": 1, "b": [["c": 2], ["c": 3]]])
        // Brackets and escaped quotes inside strings do not count; prose before the JSON is skipped.
        #expect(
            TruncatedJSON.close(#"```json {"s": "x, \"y\" [", "n": [1, 2, 3"#)
                == ["s": "x, \"y\" [", "n": [1, 2]])
        #expect(TruncatedJSON.close(#"{"k": "#) == [:])
        #expect(TruncatedJSON.close(#"{"complete": true}"#) == nil)
        #expect(TruncatedJSON.close("no json here") == nil)
        #expect(TruncatedJSON.close("}") == nil)
    }

    @Test func mcnemar() {
        #expect(McNemarTest(regressions: 5, improvements: 0).pValue == 1.0 / 32)
        #expect(McNemarTest(regressions: 5, improvements: 0).isSignificant)
        #expect(!McNemarTest(regressions: 4, improvements: 0).isSignificant)
        #expect(abs(McNemarTest(regressions: 6, improvements: 1).pValue - 8.0 / 128) < 1e-12)
        #expect(!McNemarTest(regressions: 6, improvements: 1).isSignificant)
        #expect(abs(McNemarTest(regressions: 7, improvements: 1).pValue - 9.0 / 256) < 1e-12)
        #expect(McNemarTest(regressions: 7, improvements: 1).isSignificant)
        #expect(McNemarTest(regressions: 0, improvements: 3).pValue == 1)
        #expect(!McNemarTest(regressions: 3, improvements: 3).isSignificant)
    }
}
