import Foundation
import Quarry
import QuarrySchema
import Testing

@Suite("Extraction loop")
struct ExtractorTests {
    let schema: Schema = {
        let document: JSONValue = [
            "type": "object", "required": ["total", "currency"], "additionalProperties": false,
            "properties": ["total": ["type": "number", "minimum": 0], "currency": ["enum": ["EUR", "USD"]]],
        ]
        return (try? Schema(compiling: document)) ?? (try! Schema(compiling: true))
    }()

    func quarry(
        _ provider: any Provider, policy: ExtractionPolicy = ExtractionPolicy(),
        clock: ImmediateClock = ImmediateClock(), fallbacks: [any Provider] = [], observer: RecordingObserver? = nil
    ) -> Quarry {
        Quarry(
            provider: provider, fallbacks: fallbacks, policy: policy, clock: clock,
            observers: observer.map { [$0] } ?? [])
    }

    @Test func correctsAnInvalidReplyWithPointerErrors() async throws {
        let provider = ScriptedProvider([
            ScriptedProvider.text(#"{"total": -4, "currency": "GBP"}"#),
            ScriptedProvider.text(#"{"total": 4, "currency": "EUR"}"#, input: 150, output: 15),
        ])
        let result = try await quarry(provider).extract("Total 4 EUR", schema: schema, schemaName: "invoice")
        #expect(result.value == ["total": 4, "currency": "EUR"])
        #expect(result.attempts.count == 2)
        #expect(
            result.attempts[0].errors.map(\.description) == [
                "/total: -4 is less than the minimum of 0", #"/currency: "GBP" is not one of "EUR", "USD""#,
            ])
        #expect(result.usage == TokenUsage(inputTokens: 250, outputTokens: 35))
        let second = try #require(provider.requests.last)
        #expect(second.messages.map(\.role) == [.system, .user, .assistant, .user])
        #expect(second.messages[2].content == #"{"total": -4, "currency": "GBP"}"#)
        let correction = second.messages[3].content
        #expect(correction.contains("- /total: -4 is less than the minimum of 0 (schema /properties/total/minimum)"))
        #expect(
            correction.contains(#"- /currency: "GBP" is not one of "EUR", "USD" (schema /properties/currency/enum)"#))
    }

    @Test func stopsAfterTheMaximumAttempts() async {
        let provider = ScriptedProvider([ScriptedProvider.text(#"{"total": -1, "currency": "EUR"}"#)])
        do {
            _ = try await quarry(provider).extract("x", schema: schema, schemaName: "invoice")
            Issue.record("returned an invalid value")
        } catch {
            guard case .invalidAfterAttempts(let errors, let attempts) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(attempts.count == 3)
            #expect(errors.map(\.keyword) == ["minimum"])
        }
        #expect(provider.requests.count == 3)
    }

    @Test func honoursRetryAfterOnTheInjectedClock() async throws {
        let clock = ImmediateClock()
        let provider = ScriptedProvider([
            ScriptedProvider.status(429, retryAfter: .seconds(2)),
            ScriptedProvider.text(#"{"total": 1, "currency": "USD"}"#),
        ])
        let result = try await quarry(provider, clock: clock).extract("x", schema: schema, schemaName: "invoice")
        #expect(clock.sleeps == [.seconds(2)])
        #expect(result.attempts.count == 2)
        #expect(result.attempts.map(\.number) == [1, 1])
        #expect(result.attempts[0].httpStatus == 429)
    }

    @Test func failsTypedWhenTheHintIsBeyondTheCap() async {
        let clock = ImmediateClock()
        let provider = ScriptedProvider([ScriptedProvider.status(429, retryAfter: .seconds(600))])
        do {
            _ = try await quarry(provider, clock: clock).extract("x", schema: schema, schemaName: "invoice")
            Issue.record("succeeded")
        } catch {
            guard case .rateLimited(let retryAfter, _, _) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(retryAfter == .seconds(600))
        }
        #expect(clock.sleeps.isEmpty)
    }

    @Test func backsOffExponentiallyWithinTheCeilings() async {
        let clock = ImmediateClock()
        let provider = ScriptedProvider([.failure(.transport(.connectionLost))])
        let policy = ExtractionPolicy(backoff: BackoffPolicy(maximumRetries: 4))
        do {
            _ = try await quarry(provider, policy: policy, clock: clock).extract(
                "x", schema: schema, schemaName: "invoice")
        } catch {
            guard case .transportFailed = error else {
                Issue.record("wrong error \(error)")
                return
            }
        }
        #expect(provider.requests.count == 5)
        let ceilings: [Duration] = [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4)]
        #expect(clock.sleeps.count == 4)
        for (slept, ceiling) in zip(clock.sleeps, ceilings) { #expect(slept <= ceiling && slept >= .zero) }
    }

    @Test(arguments: [400, 401, 403, 404, 422])
    func requestErrorsFailAtOnce(status: Int) async {
        let provider = ScriptedProvider([ScriptedProvider.status(status, message: "bad request: schema rejected")])
        do {
            _ = try await quarry(provider).extract("x", schema: schema, schemaName: "invoice")
        } catch {
            guard case .requestRejected(let code, let message, _) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(code == status)
            #expect(message == "bad request: schema rejected")
        }
        #expect(provider.requests.count == 1)
    }

    @Test func quotaExhaustionIsFinal() async {
        let provider = ScriptedProvider([ScriptedProvider.status(429, message: "insufficient_quota", quota: true)])
        do {
            _ = try await quarry(provider).extract("x", schema: schema, schemaName: "invoice")
        } catch {
            guard case .quotaExhausted = error else {
                Issue.record("wrong error \(error)")
                return
            }
        }
        #expect(provider.requests.count == 1)
    }

    @Test func refusalsAreNeverRetried() async {
        let provider = ScriptedProvider([
            .reply(ProviderReply(text: nil, finishReason: .stop, refusal: "I can't help with that."))
        ])
        do {
            _ = try await quarry(provider).extract("x", schema: schema, schemaName: "invoice")
        } catch {
            guard case .refused(let sentence, _) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(sentence == "I can't help with that.")
        }
        #expect(provider.requests.count == 1)
    }

    @Test func truncationRetriesOnceWithALargerLimit() async {
        let provider = ScriptedProvider([ScriptedProvider.text(#"{"total": 1, "cur"#, finish: .length)])
        do {
            _ = try await quarry(provider).extract("x", schema: schema, schemaName: "invoice")
        } catch {
            guard case .truncated(let attempts) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(attempts.count == 2)
            #expect(attempts.map(\.number) == [1, 2])
        }
        #expect(provider.requests.map(\.maxOutputTokens) == [2_048, 4_096])
    }

    @Test func theTokenBudgetBoundsCorrections() async {
        let provider = ScriptedProvider([
            ScriptedProvider.text(#"{"total": -1, "currency": "EUR"}"#, input: 900, output: 100)
        ])
        do {
            _ = try await quarry(provider, policy: ExtractionPolicy(tokenBudget: 1_500)).extract(
                "x", schema: schema, schemaName: "invoice")
        } catch {
            guard case .budgetExhausted = error else {
                Issue.record("wrong error \(error)")
                return
            }
        }
        #expect(provider.requests.count == 1)
    }

    @Test func aBackoffBeyondTheDeadlineFailsWithoutWaiting() async {
        let clock = ImmediateClock()
        let provider = ScriptedProvider([ScriptedProvider.status(503, retryAfter: .seconds(30))])
        do {
            _ = try await quarry(provider, policy: ExtractionPolicy(deadline: .seconds(10)), clock: clock)
                .extract("x", schema: schema, schemaName: "invoice")
        } catch {
            guard case .deadlineExceeded = error else {
                Issue.record("wrong error \(error)")
                return
            }
        }
        #expect(clock.sleeps.isEmpty)
    }

    @Test func fallsBackToTheNextProvider() async throws {
        let first = ScriptedProvider(name: "first", [ScriptedProvider.status(500)])
        let second = ScriptedProvider(
            name: "second", model: "claude-haiku-4", [ScriptedProvider.text(#"{"total": 2, "currency": "EUR"}"#)])
        let observer = RecordingObserver()
        let result = try await quarry(first, fallbacks: [second], observer: observer).extract(
            "x", schema: schema, schemaName: "invoice")
        #expect(result.provider == "second")
        #expect(result.attempts.map(\.provider) == ["first", "first", "first", "second"])
        #expect(observer.events.contains { $0.contains("fallbackStarted") })
    }

    @Test func repairsAreRecorded() async throws {
        let provider = ScriptedProvider([
            ScriptedProvider.text("Here you go:\n```json\n{\"total\": 3, \"currency\": \"EUR\",}\n```")
        ])
        let result = try await quarry(provider).extract("x", schema: schema, schemaName: "invoice")
        #expect(result.wasRepaired)
        #expect(result.attempts[0].repairs.count == 2)
    }

    @Test func costsAreSummedOverAttempts() async throws {
        let provider = ScriptedProvider([
            ScriptedProvider.text(#"{"total": -4, "currency": "EUR"}"#, input: 1_000_000, output: 0),
            ScriptedProvider.text(#"{"total": 4, "currency": "EUR"}"#, input: 1_000_000, output: 1_000_000),
        ])
        let result = try await quarry(provider).extract("x", schema: schema, schemaName: "invoice")
        #expect(abs((result.estimatedCost ?? 0) - 2.4) < 1e-9)
        #expect(result.schemaHash == schema.canonicalHash)
    }

    @Test func routesByConfidence() {
        let policy = ConfidencePolicy(field: JSONPointer(tokens: ["confidence"]))
        #expect(policy.route(["confidence": 0.9]) == .accept)
        #expect(policy.route(["confidence": 0.7]) == .review)
        #expect(policy.route(["confidence": 0.2]) == .reject)
        #expect(policy.route([:]) == .review)
        let scored = ConfidencePolicy(scorer: { _ in 0.86 })
        #expect(scored.route([:]) == .accept)
    }
}

@Suite("Null repair for optional properties")
struct NullPropertyRepairTests {
    @Test func dropsRejectedNullsOfOptionalPropertiesOnly() async throws {
        let schema = try Schema(compiling: [
            "type": "object", "required": ["name"],
            "properties": [
                "name": ["type": "string"], "phone": ["type": "string"], "fax": ["type": ["string", "null"]],
            ],
        ])
        let provider = ScriptedProvider([ScriptedProvider.text(#"{"name": "Ada", "phone": null, "fax": null}"#)])
        let result = try await Quarry(provider: provider, clock: ImmediateClock()).extract(
            "x", schema: schema, schemaName: "contact")
        #expect(result.value == ["name": "Ada", "fax": nil])
        #expect(result.attempts[0].repairs == [.removedNullOptionalProperty(pointer: "/phone")])
    }

    @Test func neverDropsARequiredNull() async throws {
        let schema = try Schema(compiling: [
            "type": "object", "required": ["name"], "properties": ["name": ["type": "string"]],
        ])
        let provider = ScriptedProvider([
            ScriptedProvider.text(#"{"name": null}"#), ScriptedProvider.text(#"{"name": "Ada"}"#),
        ])
        let result = try await Quarry(provider: provider, clock: ImmediateClock()).extract(
            "x", schema: schema, schemaName: "contact")
        #expect(result.attempts.count == 2)
        #expect(result.attempts[0].errors.map(\.keyword) == ["type"])
    }
}

@Suite("Unparsable replies")
struct UnparsableReplyTests {
    @Test func theAttemptRecordShowsTheParseError() async throws {
        let schema = try Schema(compiling: ["type": "object"])
        let provider = ScriptedProvider([ScriptedProvider.text("I think the total is 4"), ScriptedProvider.text("{}")])
        let result = try await Quarry(provider: provider, clock: ImmediateClock()).extract(
            "x", schema: schema, schemaName: "t")
        #expect(result.attempts.count == 2)
        #expect(result.attempts[0].errors.map(\.keyword) == ["json"])
        #expect(provider.requests[1].messages.last?.content.hasPrefix("Your previous reply is not valid JSON") == true)
    }
}

@Suite("Lenient parsing")
struct LenientJSONParserTests {
    @Test func repairsLeaveStringContentsAlone() throws {
        let text = #"Sure! {"note": "a, } b ,] \" c", "items": [1, 2,],} Thanks."#
        let (value, repairs) = try LenientJSONParser.parse(text).get()
        #expect(value == ["note": "a, } b ,] \" c", "items": [1, 2]])
        #expect(repairs.count == 3)
        #expect(repairs.first == .removedSurroundingText(before: "Sure!", after: "Thanks."))
    }

    @Test func unrepairableTextFailsWithTheStrictError() {
        guard case .failure(let error) = LenientJSONParser.parse(#"{"total": 4, "cur"#) else {
            Issue.record("repaired a truncated object")
            return
        }
        #expect(error.kind == .unexpectedEnd)
    }
}
