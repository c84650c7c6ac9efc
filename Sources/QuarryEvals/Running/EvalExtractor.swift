import Quarry
import QuarrySchema

/// Runs one case's extraction. ``QuarryExtractor`` is the real one (live, recording or
/// replaying); tests and custom pipelines can supply their own.
public protocol EvalExtractor: Sendable {
    /// Extracts from `input` against the suite's schema.
    func extract(_ input: String, caseID: String, suite: EvalSuite) async -> CaseRun
    /// The hash of the prompt instructions, recorded in baselines.
    var promptHash: String { get }
    /// `provider/model`, for reports.
    var label: String { get }
}

/// Runs extractions with a `Quarry` runtime. With a ``ReplayLedger``, requests that have no
/// recording are reported as ``CaseRun/Status/missingRecording(_:)``.
public struct QuarryExtractor: EvalExtractor {
    /// The runtime.
    public var quarry: Quarry
    /// Where a replaying transport notes requests with no recording.
    public var ledger: ReplayLedger?

    /// Creates an extractor.
    public init(quarry: Quarry, ledger: ReplayLedger? = nil) {
        self.quarry = quarry
        self.ledger = ledger
    }

    /// The hash of the runtime's prompt instructions.
    public var promptHash: String { quarry.prompt.hash }

    /// `provider/model` of the runtime's first provider.
    public var label: String { "\(quarry.provider.name)/\(quarry.provider.model)" }

    /// Runs the extraction and keeps what scoring needs.
    public func extract(_ input: String, caseID: String, suite: EvalSuite) async -> CaseRun {
        let outcome: Result<Extraction<JSONValue>, ExtractionError> = await EvalTaskContext.$caseID.withValue(caseID) {
            do throws(ExtractionError) {
                return .success(try await quarry.extract(input, schema: suite.schema, schemaName: suite.name))
            } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .success(let extraction):
            return CaseRun(
                status: .valid, document: extraction.json, attempts: extraction.attempts.count,
                usage: extraction.usage, cost: extraction.estimatedCost, provider: extraction.provider,
                model: extraction.model)
        case .failure(let error):
            let attempts = error.attempts
            let usage = attempts.reduce(TokenUsage.zero) { $0 + $1.usage }
            var cost: Double? = 0
            for attempt in attempts {
                guard let price = quarry.priceTable.cost(of: attempt.usage, model: attempt.model) else {
                    cost = nil
                    break
                }
                cost = (cost ?? 0) + price
            }
            if let miss = ledger?.misses(for: caseID).first {
                return CaseRun(
                    status: .missingRecording(miss), document: nil, attempts: attempts.count, usage: usage, cost: cost,
                    provider: quarry.provider.name, model: quarry.provider.model)
            }
            var document: JSONValue?
            if let reply = attempts.last(where: { $0.rawReply != nil })?.rawReply {
                if case .success(let (value, _)) = LenientJSONParser.parse(reply) {
                    document = value
                } else {
                    document = TruncatedJSON.close(reply)
                }
            }
            return CaseRun(
                status: .failed(error.description), document: document, attempts: attempts.count, usage: usage,
                cost: cost, provider: attempts.last?.provider ?? quarry.provider.name,
                model: attempts.last?.model ?? quarry.provider.model)
        }
    }
}

/// Task-local facts about the case being run, so transports can attribute what they see.
public enum EvalTaskContext {
    /// The identifier of the case whose extraction is running in this task.
    @TaskLocal public static var caseID: String?
}
