import Foundation
import QuarrySchema

/// The extraction loop for one provider: send, classify, retry transport faults with backoff,
/// correct invalid replies, stop on budget, deadline, refusal or a final error.
///
/// Decisions come from ``FailureKind/decision`` (the classification table); this type only
/// carries them out and records every attempt.
struct Extractor {
    let provider: any Provider
    let policy: ExtractionPolicy
    let prompt: ExtractionPrompt
    let clock: any ExtractionClock
    let observers: [any ExtractionObserver]
    let schema: Schema
    let schemaName: String
    /// When the whole extraction (all providers) must end.
    let deadline: Date?
    /// Attempts made by earlier providers of a fallback chain, for numbering and budgets.
    let priorAttempts: [Attempt]
    /// What the runtime's servers refused before (see ``ServerRefusals``).
    let refusals: ServerRefusals

    private func emit(_ event: ExtractionEvent) {
        for observer in observers { observer.observe(event) }
    }

    private func timeLeft() -> Duration? {
        guard let deadline else { return nil }
        return .milliseconds(Int64(deadline.timeIntervalSince(clock.now) * 1_000))
    }

    /// The sampling options requests carry (shaping's, overridden by the policy's), and one
    /// attempt-record line for each option shaping added; the same for every extraction of a
    /// runtime, so computed once per combination.
    static func sampling(shaping: GrammarShaping?, policy: [String: JSONValue]) -> (
        options: [String: JSONValue], added: [String]
    ) {
        guard let shaping else { return (policy, []) }
        return samplingMemo.value(for: SamplingKey(shaping: shaping.samplingOptions, policy: policy)) {
            var sampling = shaping.samplingOptions
            for (key, value) in policy { sampling[key] = value }
            let added = shaping.samplingOptions.keys.sorted().filter { policy[$0] == nil }.map {
                "\($0) \(sampling[$0]?.serialized() ?? "") added"
            }
            return (sampling, added)
        }
    }

    private struct SamplingKey: Hashable, Sendable {
        let shaping: [String: JSONValue]
        let policy: [String: JSONValue]
    }

    private static let samplingMemo = KeyedMemo<SamplingKey, (options: [String: JSONValue], added: [String])>()

    func run(input: String) async throws(ExtractionError) -> (JSONValue, [Attempt]) {
        let mode = policy.mode ?? (provider.supportsConstrainedDecoding ? .constrained : .promptOnly)
        let includesSchema = mode == .promptOnly || policy.includesSchemaInConstrainedPrompt
        // Request shaping (issue: small models): what is sent is adapted to what the decoder
        // enforces; validation below always uses the original schema.
        let shaping = policy.shaping.resolved(forProvider: provider.name)
        var shaped = shaping.map { SchemaShaper.shape(schema.document, with: $0) }
        var sentSchema = shaped?.schema ?? schema.document
        // A grammar Quarry compiles (by default for the local llama.cpp server) enforces more
        // than the server's own; the prompt then describes only what it leaves unchecked.
        var compilesGrammar =
            mode == .constrained && provider.acceptsGrammar
            && policy.grammarCompilation.isOn(forProvider: provider.name)
        // The notes for the server's own conversion, kept in case the server refuses the grammar.
        let notesWithoutGrammar = shaped?.promptNotes ?? ""
        // No grammar for this schema means none for part of it either (a partial re-ask), and
        // one this server refused in an earlier extraction is not sent again: the notes are then
        // the server's.
        var refusedBefore = false
        if compilesGrammar {
            let grammar = GrammarCompiler.grammar(for: sentSchema)
            refusedBefore = grammar.map { refusals.refusedGrammar($0, from: provider) } ?? false
            compilesGrammar = grammar != nil && !refusedBefore
        }
        if compilesGrammar, let shaping {
            shaped = SchemaShaper.shape(schema.document, with: shaping, forCompiledGrammar: true)
        }
        var messages = prompt.messages(for: input, schema: sentSchema, includesSchema: includesSchema)
        let system = messages.first?.role == .system ? messages[0].content : nil
        if let notes = shaped?.promptNotes, !notes.isEmpty, let system {
            messages[0] = ChatMessage(role: .system, content: system + notes)
        }
        let (sampling, addedSampling) = Self.sampling(shaping: shaping, policy: policy.samplingOptions)
        // Streamed replies stop at the first sign of a loop (where the provider can stream).
        let loopDetector = provider.streamsReplies ? policy.loopStopping.detector(whenShaped: shaping != nil) : nil
        var adjustments =
            (shaped?.changes ?? []) + addedSampling
            + (loopDetector == nil ? [] : ["streamed, stopped if it repeats itself"])
            + (refusedBefore ? [Self.refusedBeforeNote] : [])
        let recoversTruncation =
            policy.truncation == .recover || (policy.truncation == .automatic && shaping != nil)
        let reasksParts = policy.partialReasking.isOn(whenShaped: shaping != nil)
        let restartsCutOffs = policy.cutOffRestarting.isOn(
            whenShapedAndConstrained: shaping != nil && mode == .constrained)
        let dropsDuplicates = shaping != nil
        // Whether loop-stopped replies may be continued (while a compiled grammar is sent).
        var continuesCutOffs: Bool { policy.cutOffContinuation.isOn(whenCompilingGrammar: compilesGrammar) }
        let concise = policy.correctionStyle == .concise || (policy.correctionStyle == .automatic && shaping != nil)
        let correction = { (errors: [ValidationError]) in
            concise ? CorrectivePrompt.conciseMessage(for: errors) : CorrectivePrompt.message(for: errors)
        }
        var attempts: [Attempt] = []
        var maximumOutputTokens = policy.maximumOutputTokens
        var replies = 0
        var transportRetries = 0
        var truncationRetried = false
        var isCorrection = false
        // Whether this request is the first one sent again after a cut-off reply.
        var isRestart = false
        var lastErrors: [ValidationError] = []
        // A correction that re-asks only for part of the reply, and the reply it merges into.
        var pending: PartialReask?
        // The whole reply a partial answer was merged into, for the conversation.
        var merged: JSONValue?
        // A continuation of a loop-stopped reply to send next (``CutOffContinuation``).
        var continuation: Continuation?
        var opening = Array(messages.prefix(2))
        // Each new request gets the next number; transport retries of a request share it.
        var number = (priorAttempts.last?.number ?? 0) + 1
        let spentBefore = priorAttempts.reduce(TokenUsage.zero) { $0 + $1.usage }.totalTokens

        while true {
            if Task.isCancelled { throw .cancelled(attempts: attempts) }
            if let left = timeLeft(), left <= .zero {
                throw .deadlineExceeded(policy.deadline ?? .zero, attempts: attempts)
            }
            var request = ExtractionRequest(
                messages: messages, schemaName: schemaName, schema: sentSchema, mode: mode,
                maxOutputTokens: maximumOutputTokens, temperature: policy.temperature, samplingOptions: sampling,
                loopDetector: loopDetector)
            let part = pending
            if let part {
                let ask = part.message(includesSchema: mode == .promptOnly)
                request.messages = opening + [ChatMessage(role: .user, content: ask)]
                request.schemaName = schemaName + "_part"
                request.schema = shaping.map { SchemaShaper.shape(part.schema, with: $0).schema } ?? part.schema
            }
            if compilesGrammar {
                // Recompiled after a loop cap changes the sent schema (each schema compiles once).
                request.grammar = GrammarCompiler.grammar(for: request.schema)
            }
            let continued = continuation
            if let continued {
                request.messages =
                    opening + [
                        ChatMessage(role: .user, content: continued.note),
                        ChatMessage(role: .assistant, content: continued.start),
                    ]
                request.grammar = continued.grammar
            }
            emit(
                .requestStarted(
                    attempt: number, provider: provider.name, model: provider.model, isCorrection: isCorrection))
            let started = clock.now
            let outcome = await DeadlineRace.run(request, on: provider, timeLeft: timeLeft())
            let latency = Duration.milliseconds(Int64(clock.now.timeIntervalSince(started) * 1_000))
            var attempt = Attempt(
                number: number, provider: provider.name, model: provider.model, mode: mode,
                messageCount: request.messages.count, maximumOutputTokens: maximumOutputTokens,
                isCorrection: isCorrection,
                latency: latency)
            attempt.requestAdjustments = adjustments
            if let part { attempt.requestAdjustments.append(part.adjustment) }
            if isRestart { attempt.requestAdjustments.append(Self.restartNote) }
            if let continued {
                attempt.requestAdjustments.append(
                    CutOffContinuation.adjustment(after: continued.pointer, bytes: continued.start.utf8.count))
            }

            let reply: ProviderReply
            switch outcome {
            case .deadline:
                attempt.failure = "deadline exceeded"
                attempts.append(attempt)
                emit(.attemptFinished(attempt))
                throw .deadlineExceeded(policy.deadline ?? .zero, attempts: attempts)
            case .failure(let failure):
                attempt.failure = failure.description
                if case .http(let http) = failure { attempt.httpStatus = http.status }
                attempts.append(attempt)
                emit(.attemptFinished(attempt))
                if let continued, case .http(let http) = failure, (400..<500).contains(http.status),
                    http.status != 429
                {
                    // The server refused the continuation (its grammar, or an answer begun for
                    // the model): the correction goes instead.
                    if let grammar = request.grammar, Self.refusesGrammar(failure) {
                        refusals.recordRefusal(ofGrammar: grammar, from: provider)
                    } else if !http.message.localizedCaseInsensitiveContains("context") {
                        // Neither its grammar nor this conversation's length: the server takes
                        // no answer begun for the model, so later extractions correct at once.
                        refusals.recordRefusalOfContinuations(from: provider)
                    }
                    continuation = nil
                    messages = continued.fallback
                    adjustments.append(
                        "the server refused a continuation (HTTP \(http.status)): a correction is sent instead")
                    number += 1
                    continue
                }
                if let grammar = request.grammar, Self.refusesGrammar(failure) {
                    // The server cannot use the grammar Quarry compiled (an older llama.cpp, a
                    // limit it has): from now on the schema goes instead, with its own notes.
                    refusals.recordRefusal(ofGrammar: grammar, from: provider)
                    compilesGrammar = false
                    adjustments.append("the server refused the compiled grammar: the schema is sent instead")
                    if let system {
                        messages[0] = ChatMessage(role: .system, content: system + notesWithoutGrammar)
                        opening[0] = messages[0]
                    }
                    number += 1
                    continue
                }
                try await handle(failure, attempts: attempts, transportRetries: &transportRetries)
                continue
            case .reply(let received):
                reply = received
            }

            replies += 1
            attempt.usage = reply.usage
            attempt.httpStatus = reply.httpStatus
            attempt.finishReason = reply.finishReason
            attempt.rawReply = reply.payload

            if let refusal = reply.refusal ?? (reply.finishReason == .refusal ? reply.text ?? "no reason given" : nil) {
                attempt.failure = "refused: \(refusal)"
                attempts.append(attempt)
                emit(.attemptFinished(attempt))
                throw .refused(refusal, attempts: attempts)
            }
            if reply.finishReason == .contentFilter {
                attempt.failure = "content filter"
                attempts.append(attempt)
                emit(.attemptFinished(attempt))
                throw .contentFiltered(attempts: attempts)
            }
            continuation = nil
            // A continuation's reply is read with the start it continues.
            let payload =
                continued.map { CutOffContinuation.joined(reply.payload ?? "", after: $0.start) }
                ?? reply.payload ?? ""
            let cutOff = reply.finishReason == .length || reply.finishReason == .repetition
            if cutOff {
                attempt.failure =
                    reply.finishReason == .repetition
                    ? "stopped: the reply \(reply.repetition.map(String.init(describing:)) ?? "repeated itself")"
                    : "truncated at \(maximumOutputTokens) output tokens"
            }
            // What the reply gives to validate, with the repairs that got it: for a cut-off
            // reply, what it still holds (always after a loop; after the limit, when recovering).
            var candidate: (value: JSONValue, repairs: [Repair])?
            var unparsable: JSONParseError?
            if !cutOff {
                switch LenientJSONParser.parse(payload) {
                case .failure(let parseError): unparsable = parseError
                case .success(let parsed): candidate = parsed
                }
            } else if recoversTruncation || reply.finishReason == .repetition {
                candidate = TruncatedReplyRecovery.recover(payload)
            }
            var nextMessage: String?
            // The next request is the first one again (with the caps set from this reply).
            var restarts = false
            // The next request continues this reply from where it looped.
            var continues: Continuation?
            if let part {
                // An answer to a partial re-ask goes back into the reply it was for. One that
                // does not fit, or a cut-off subtree (it would replace a whole one), is not
                // merged: the whole reply is corrected instead.
                pending = nil
                if let answer = candidate, !cutOff || part.acceptsCutOffAnswers,
                    let whole = part.merged(answer.value)
                {
                    candidate = (whole, part.rebased(answer.repairs))
                } else {
                    if attempt.failure == nil {
                        attempt.failure =
                            unparsable.map { "not JSON: \($0)" } ?? "the answer to the partial re-ask did not fit"
                    }
                    candidate = nil
                    merged = part.base
                    lastErrors = part.errors
                    attempt.errors = part.errors
                    nextMessage = correction(part.errors)
                }
            }

            if nextMessage != nil {
                // A partial answer that could not be used: the whole correction is set.
            } else if let (found, foundRepairs) = candidate {
                var (value, errors, checkRepairs) = validated(found, dropsDuplicates: dropsDuplicates)
                let untrimmed = value
                var repairs = foundRepairs + checkRepairs
                // Before re-asking for what a loop-stopped reply lacks, or continuing it, drop
                // the item it was still writing when that item lacks required properties (a
                // reply whose loop was in its last array may then be valid as it is; the item
                // is kept in the repair).
                // (For a loop-stopped answer to a partial re-ask — only missing properties
                // merge cut-off answers — the cut path starts where it was merged.)
                if !errors.isEmpty, reasksParts || continuesCutOffs, reply.finishReason == .repetition,
                    let (trimmed, dropped) = IncompleteItemTrimming.trimmed(
                        value, errors: errors, openContainers: IncompleteItemTrimming.openContainers(in: foundRepairs),
                        under: part?.pointer ?? .root)
                {
                    (value, errors, checkRepairs) = validated(trimmed, dropsDuplicates: dropsDuplicates)
                    repairs += dropped + checkRepairs
                }
                merged = value
                attempt.repairs = repairs
                attempt.errors = errors
                if errors.isEmpty {
                    attempt.failure = nil
                    attempts.append(attempt)
                    emit(.attemptFinished(attempt))
                    return (value, attempts)
                }
                lastErrors = errors
                if cutOff {
                    // Keep what the cut-off reply holds and correct from it: the conversation
                    // carries the recovered value in place of the cut-off text.
                    nextMessage =
                        concise
                        ? CorrectivePrompt.conciseMessage(for: errors, afterCutOff: true)
                        : CorrectivePrompt.message(forCutOff: errors)
                    // Caps are placed by pointers into this reply: only a whole reply's fit.
                    var capped: [String] = []
                    if shaping != nil, part == nil {
                        capped += capLoopingArrays(
                            in: &sentSchema, repairs: repairs, recovered: untrimmed, adjustments: &adjustments)
                        if let loop = reply.repetition {
                            capped += capLoopingString(
                                in: &sentSchema, reply: payload, loop: loop, adjustments: &adjustments)
                        }
                    }
                    // A larger limit helps a reply that ran out of room, not one caught in a loop.
                    var grew = false
                    if !truncationRetried && reply.finishReason == .length {
                        truncationRetried = true
                        grew = true
                        maximumOutputTokens *= max(policy.truncationGrowthFactor, 2)
                    }
                    // Looped before the end and lacking only what the rest supplies: the model
                    // writes the rest after what it has (under a grammar for the rest).
                    // The last request is a correction: the whole recovered reply and the list
                    // of what is missing in view (continuing there ended fewer cases valid).
                    if part == nil, reply.finishReason == .repetition, continuesCutOffs,
                        replies + 1 < policy.maximumAttempts, !refusals.refusedContinuations(from: provider)
                    {
                        continues = Self.continuation(of: value, repairs: repairs, errors: errors, schema: sentSchema)
                    }
                    // Lacking only what the decoder enforces, the reply needs the cap or the room
                    // to get there, not a correction: the first request goes again, with a note.
                    if continues == nil, restartsCutOffs, part == nil, grew || !capped.isEmpty,
                        CutOffRestarting.mends(errors)
                    {
                        restarts = true
                        nextMessage = CutOffRestarting.note(loopedAt: capped)
                    }
                } else {
                    nextMessage = correction(errors)
                }
                // A reply cut at the limit may lack items as well as fields: it is corrected
                // whole, with the larger limit; any other is re-asked in part when it can be.
                if reasksParts, reply.finishReason != .length, !restarts, continues == nil {
                    pending = PartialReask.choose(
                        for: errors, in: value, original: schema.document, sent: sentSchema)
                }
            } else if let parseError = unparsable {
                attempt.failure = "not JSON: \(parseError)"
                lastErrors = [
                    ValidationError(
                        instanceLocation: .root, keywordLocation: .root, absoluteKeywordLocation: "",
                        keyword: "json", message: "the reply is not valid JSON (\(parseError))")
                ]
                attempt.errors = lastErrors
                nextMessage = CorrectivePrompt.message(forUnparsable: parseError)
            } else {
                // Cut off with nothing to keep.
                attempts.append(attempt)
                emit(.attemptFinished(attempt))
                guard !truncationRetried else { throw .truncated(attempts: attempts) }
                truncationRetried = true
                if let loop = reply.repetition {
                    // Nothing to keep, and more room would only buy a longer loop: retry with
                    // the string it looped in capped (when shaping, and it was in a string).
                    if shaping != nil {
                        _ = capLoopingString(in: &sentSchema, reply: payload, loop: loop, adjustments: &adjustments)
                    }
                } else {
                    maximumOutputTokens *= max(policy.truncationGrowthFactor, 2)
                }
                replies -= 1  // The retry does not use up a correction.
                number += 1
                continue
            }
            attempts.append(attempt)
            emit(.attemptFinished(attempt))

            // The corrective loop: bounded by attempts and by the token budget.
            guard replies < policy.maximumAttempts else {
                throw .invalidAfterAttempts(errors: lastErrors, attempts: attempts)
            }
            let spent = spentBefore + attempts.reduce(TokenUsage.zero) { $0 + $1.usage }.totalTokens
            if let budget = policy.tokenBudget, spent + (attempt.usage.inputTokens + maximumOutputTokens / 4) > budget {
                throw .budgetExhausted(errors: lastErrors, attempts: attempts)
            }
            emit(.correctionSent(attempt: number, errors: lastErrors.map(\.description)))
            isRestart = restarts
            if restarts {
                let note = nextMessage ?? CutOffRestarting.note(loopedAt: [])
                messages = opening + [ChatMessage(role: .user, content: note)]
            } else if pending == nil {
                // The conversation holds whole replies: after a partial answer the merged one,
                // after a cut-off reply what was recovered from it.
                let whole = part == nil && !cutOff ? payload : merged?.serialized() ?? payload
                // Concise corrections keep the conversation short too: the text, the latest
                // reply and what is wrong with it; earlier replies and their errors are dropped.
                var next = concise ? opening : messages
                next.append(ChatMessage(role: .assistant, content: whole))
                next.append(ChatMessage(role: .user, content: nextMessage ?? CorrectivePrompt.message(for: lastErrors)))
                // A continuation keeps the correction in case the server refuses it (HTTP 4xx).
                if var continues {
                    continues.fallback = next
                    continuation = continues
                } else {
                    messages = next
                }
            }
            isCorrection = true
            transportRetries = 0
            number += 1
        }
    }

    /// A request that continues a loop-stopped reply: the start written for the model, the
    /// grammar for the rest, where the start ends, and the correction's conversation (sent
    /// instead if the server refuses the continuation).
    struct Continuation {
        var start: String
        var grammar: String
        var pointer: JSONPointer
        /// The user message before the start (``CutOffContinuation/note(loopedAt:missing:)``).
        var note: String
        var fallback: [ChatMessage] = []
    }

    /// The continuation of a loop-stopped reply recovered as `value` (the item the loop was
    /// still writing already dropped), when it looped in an array the grammar can continue
    /// after and lacks only what the rest of the document supplies: required properties and
    /// items of the objects and arrays still open there.
    static func continuation(of value: JSONValue, repairs: [Repair], errors: [ValidationError], schema: JSONValue)
        -> Continuation?
    {
        guard let pointer = CutOffContinuation.loopedArray(in: repairs, value: value),
            CutOffContinuation.supplies(errors, after: pointer),
            let start = CutOffContinuation.prefix(of: value, through: pointer),
            let grammar = GrammarCompiler.continuationGrammar(for: schema, after: pointer, in: value)
        else { return nil }
        return Continuation(
            start: start, grammar: grammar, pointer: pointer,
            note: CutOffContinuation.note(loopedAt: pointer, missing: errors))
    }

    /// The attempt record's line for a request that leaves out a grammar the server refused in
    /// an earlier extraction of the same runtime.
    static let refusedBeforeNote = "the server refused this grammar before: the schema is sent instead"

    /// The attempt record's line for a request sent again after a cut-off reply.
    static let restartNote =
        "the first request again, with a note on the loop and the caps (the cut-off reply lacked only what the "
        + "decoder enforces)"

    /// Caps each array a cut-off reply looped in at the items it really had, in the schema sent
    /// from now on (``LoopCap``), and records each cap.
    /// Returns the arrays' pointers.
    private func capLoopingArrays(
        in sentSchema: inout JSONValue, repairs: [Repair], recovered: JSONValue, adjustments: inout [String]
    ) -> [String] {
        var pointers: [String] = []
        for case .droppedRepeatedItems(let text, _, _) in repairs {
            guard let pointer = try? JSONPointer(parsing: text),
                let kept = pointer.resolve(in: recovered)?.arrayValue?.count,
                let capped = LoopCap.capping(sentSchema, at: pointer, count: kept)
            else { continue }
            sentSchema = capped
            adjustments.append("\(text): maxItems \(kept) from now on (the reply repeated its items)")
            pointers.append(text)
        }
        return pointers
    }

    /// Caps the string a reply was stopped looping in (`"john.john.john…"`) at the length it
    /// had when the loop began plus one unit, in the schema sent from now on; returns its pointer.
    private func capLoopingString(
        in sentSchema: inout JSONValue, reply: String, loop: RepetitionDetector.Loop, adjustments: inout [String]
    ) -> [String] {
        guard let (pointer, written) = OpenStringLocator.openString(in: reply) else { return [] }
        let unit = loop.unit.utf8.count
        let beforeLoop = max(0, written - loop.repeats * unit)
        // maxLength counts characters; bytes are an upper bound for these ASCII-heavy loops.
        let cap = max(1, beforeLoop + unit)
        guard let capped = LoopCap.capping(sentSchema, at: pointer, .length, count: cap) else { return [] }
        sentSchema = capped
        adjustments.append("\(pointer): maxLength \(cap) from now on (the reply repeated itself in this string)")
        return [pointer.description]
    }

    /// Validates a parsed reply against the original schema; removes `null`s from optional
    /// properties when that is all that is wrong with them (``NullPropertyRepair``) and, for a
    /// shaped request, the copies in a `uniqueItems` array (``DuplicateItemRepair``).
    private func validated(_ parsed: JSONValue, dropsDuplicates: Bool) -> (JSONValue, [ValidationError], [Repair]) {
        // Most replies are valid: the yes-or-no check is cheaper than collecting errors, which
        // is done only when there are some.
        if schema.isValid(parsed) { return (parsed, [], []) }
        var value = parsed
        var errors = schema.validate(parsed).errors
        var repairs: [Repair] = []
        if let (repaired, made, remaining) = NullPropertyRepair.apply(value, errors: errors, schema: schema) {
            (value, errors, repairs) = (repaired, remaining, made)
        }
        if dropsDuplicates,
            let (repaired, made, remaining) = DuplicateItemRepair.apply(value, errors: errors, schema: schema)
        {
            (value, errors, repairs) = (repaired, remaining, repairs + made)
        }
        return (value, errors, repairs)
    }

    /// Carries out the table's decision for a failed call: waits and returns to retry, or
    /// throws the typed error.
    private func handle(_ failure: ProviderFailure, attempts: [Attempt], transportRetries: inout Int)
        async throws(ExtractionError)
    {
        let kind = FailureKind(failure)
        guard kind.decision == .retry else { throw Self.finalError(for: failure, attempts: attempts) }
        var hint: Duration?
        if case .http(let http) = failure { hint = http.retryAfter }
        if let hint, hint > policy.backoff.maximumHint {
            throw .rateLimited(retryAfter: hint, message: failure.description, attempts: attempts)
        }
        guard transportRetries < policy.backoff.maximumRetries else {
            if case .http(let http) = failure, http.status == 429 {
                throw .rateLimited(retryAfter: hint, message: failure.description, attempts: attempts)
            }
            throw .transportFailed(failure.description, attempts: attempts)
        }
        let delay = policy.backoff.delay(forRetry: transportRetries, hint: hint, unit: Double.random(in: 0..<1))
        transportRetries += 1
        if let left = timeLeft(), delay >= left {
            throw .deadlineExceeded(policy.deadline ?? .zero, attempts: attempts)
        }
        emit(.retryScheduled(attempt: attempts.last?.number ?? 1, delay: delay, reason: failure.description))
        do {
            try await clock.sleep(for: delay)
        } catch {
            throw .cancelled(attempts: attempts)
        }
    }

    /// Whether `failure` is a server's refusal of a request's `grammar` (llama.cpp answers 400
    /// "failed to parse grammar").
    static func refusesGrammar(_ failure: ProviderFailure) -> Bool {
        guard case .http(let http) = failure, http.status == 400 else { return false }
        return http.message.localizedCaseInsensitiveContains("grammar")
    }

    /// The typed error for a failure the table says not to retry.
    static func finalError(for failure: ProviderFailure, attempts: [Attempt]) -> ExtractionError {
        switch failure {
        case .transport(.cancelled): return .cancelled(attempts: attempts)
        case .transport(let error): return .transportFailed(error.description, attempts: attempts)
        case .blockedPrompt(let reason): return .promptBlocked(reason: reason, attempts: attempts)
        case .malformedBody(let detail): return .transportFailed(detail, attempts: attempts)
        case .http(let http):
            if http.quotaExhausted { return .quotaExhausted(message: http.message, attempts: attempts) }
            if http.status == 429 {
                return .rateLimited(retryAfter: http.retryAfter, message: http.message, attempts: attempts)
            }
            return .requestRejected(status: http.status, message: http.message, attempts: attempts)
        }
    }
}
