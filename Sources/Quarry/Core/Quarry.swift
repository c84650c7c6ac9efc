import Foundation
import QuarrySchema

/// The entry point of the runtime: a provider (with optional fallbacks), an extraction policy
/// and the hooks around it.
///
/// ```swift
/// let quarry = Quarry(provider: OpenAIChatProvider(model: "gpt-4.1-mini"))
/// let result = try await quarry.extract(emailText, schema: schema, schemaName: "invoice")
/// result.value      // JSON valid against the schema
/// result.attempts   // every call: request summary, raw reply, errors, tokens, latency
/// ```
public struct Quarry: Sendable {
    /// The provider tried first.
    public var provider: any Provider
    /// Providers tried in order when the previous one fails finally or runs out of attempts.
    public var fallbacks: [any Provider]
    /// Attempts, budgets, deadline and request mode.
    public var policy: ExtractionPolicy
    /// The instructions sent with every request.
    public var prompt: ExtractionPrompt
    /// The time source (inject ``ImmediateClock`` in tests).
    public var clock: any ExtractionClock
    /// Receivers of every ``ExtractionEvent``.
    public var observers: [any ExtractionObserver]
    /// Prices for cost estimates.
    public var priceTable: PriceTable
    /// Routes each result to accept, review or reject by confidence; `nil` for no routing.
    public var confidence: ConfidencePolicy?
    /// What this runtime's servers refused (compiled grammars, continuations), so later
    /// extractions do not send it again (shared by copies of the runtime).
    let refusals = ServerRefusals()

    /// Creates a runtime.
    public init(
        provider: any Provider, fallbacks: [any Provider] = [], policy: ExtractionPolicy = ExtractionPolicy(),
        prompt: ExtractionPrompt = .standard, clock: any ExtractionClock = SystemClock(),
        observers: [any ExtractionObserver] = [], priceTable: PriceTable = .standard,
        confidence: ConfidencePolicy? = nil
    ) {
        self.provider = provider
        self.fallbacks = fallbacks
        self.policy = policy
        self.prompt = prompt
        self.clock = clock
        self.observers = observers
        self.priceTable = priceTable
        self.confidence = confidence
    }

    /// Extracts a JSON value valid against `schema` from `input`.
    ///
    /// - Throws: ``ExtractionError`` when no provider produced a valid value; it carries every
    ///   attempt.
    public func extract(_ input: String, schema: Schema, schemaName: String) async throws(ExtractionError)
        -> Extraction<JSONValue>
    {
        let deadline = policy.deadline.map { clock.now.addingTimeInterval($0.seconds) }
        var attempts: [Attempt] = []
        var lastError: ExtractionError?
        for (position, provider) in ([provider] + fallbacks).enumerated() {
            if position > 0, let lastError {
                for observer in observers {
                    observer.observe(
                        .fallbackStarted(provider: provider.name, model: provider.model, reason: lastError.description))
                }
            }
            let extractor = Extractor(
                provider: provider, policy: policy, prompt: prompt, clock: clock, observers: observers, schema: schema,
                schemaName: schemaName, deadline: deadline, priorAttempts: attempts, refusals: refusals)
            do {
                let (value, made) = try await extractor.run(input: input)
                attempts += made
                let usage = attempts.reduce(TokenUsage.zero) { $0 + $1.usage }
                for observer in observers { observer.observe(.succeeded(attempts: attempts.count, usage: usage)) }
                return Extraction(
                    value: value, json: value, attempts: attempts, usage: usage, estimatedCost: cost(of: attempts),
                    schemaHash: schema.canonicalHash, provider: provider.name, model: provider.model,
                    route: confidence?.route(value))
            } catch {
                attempts += error.attempts
                lastError = error
                if case .cancelled = error { break }
                if case .deadlineExceeded = error { break }
            }
        }
        let failure = Self.withAttempts(lastError ?? .cancelled(attempts: []), attempts)
        for observer in observers { observer.observe(.failed(reason: failure.description)) }
        throw failure
    }

    /// Extracts a value of a generated (or hand-written) ``Extractable`` type.
    public func extract<Value: Extractable>(_ type: Value.Type, from input: String) async throws(ExtractionError)
        -> Extraction<Value>
    {
        let result = try await extract(input, schema: Value.schema, schemaName: Value.schemaName)
        do {
            return try result.map { json in try Value.decode(fromValid: json) }
        } catch {
            throw .decodingFailed("\(error)", attempts: result.attempts)
        }
    }

    private func cost(of attempts: [Attempt]) -> Double? {
        var total = 0.0
        for attempt in attempts {
            guard let cost = priceTable.cost(of: attempt.usage, model: attempt.model) else { return nil }
            total += cost
        }
        return total
    }

    /// The error with the attempts of every provider tried.
    static func withAttempts(_ error: ExtractionError, _ attempts: [Attempt]) -> ExtractionError {
        switch error {
        case .invalidAfterAttempts(let errors, _): return .invalidAfterAttempts(errors: errors, attempts: attempts)
        case .budgetExhausted(let errors, _): return .budgetExhausted(errors: errors, attempts: attempts)
        case .refused(let sentence, _): return .refused(sentence, attempts: attempts)
        case .contentFiltered: return .contentFiltered(attempts: attempts)
        case .promptBlocked(let reason, _): return .promptBlocked(reason: reason, attempts: attempts)
        case .truncated: return .truncated(attempts: attempts)
        case .rateLimited(let delay, let message, _):
            return .rateLimited(retryAfter: delay, message: message, attempts: attempts)
        case .quotaExhausted(let message, _): return .quotaExhausted(message: message, attempts: attempts)
        case .requestRejected(let status, let message, _):
            return .requestRejected(status: status, message: message, attempts: attempts)
        case .transportFailed(let detail, _): return .transportFailed(detail, attempts: attempts)
        case .deadlineExceeded(let deadline, _): return .deadlineExceeded(deadline, attempts: attempts)
        case .cancelled: return .cancelled(attempts: attempts)
        case .decodingFailed(let detail, _): return .decodingFailed(detail, attempts: attempts)
        }
    }
}

/// A Swift type that can be extracted: it knows its schema and decodes from valid JSON.
/// Generated types conform; hand-written ones can too.
public protocol Extractable: Decodable, Sendable {
    /// The compiled schema the value must satisfy.
    static var schema: Schema { get }
    /// A short name for the schema (`invoice`), used as the tool or format name.
    static var schemaName: String { get }
}

extension Extractable {
    /// Decodes a value from JSON already validated against ``schema``, straight from the
    /// value with QuarrySchema's `JSONValueDecoder` (the same result as `JSONDecoder` on the
    /// value's text).
    public static func decode(fromValid json: JSONValue) throws -> Self {
        try JSONValueDecoder().decode(Self.self, from: json)
    }
}
