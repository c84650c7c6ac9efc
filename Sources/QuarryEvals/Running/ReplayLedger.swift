import Foundation
import Quarry

/// Notes which cases asked a replaying transport for a request it has no recording of.
public final class ReplayLedger: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [String: [String]] = [:]

    /// Creates an empty ledger.
    public init() {}

    /// Notes a miss for the case running in the current task.
    public func noteMiss(_ detail: String) {
        let caseID = EvalTaskContext.caseID ?? ""
        lock.withLock { recorded[caseID, default: []].append(detail) }
    }

    /// The misses of one case.
    public func misses(for caseID: String) -> [String] {
        lock.withLock { recorded[caseID] ?? [] }
    }

    /// Every case with a miss.
    public var casesWithMisses: [String] {
        lock.withLock { recorded.keys.sorted() }
    }
}

/// A `ReplayTransport` that notes requests without a recording in a ``ReplayLedger`` before
/// failing them, so the eval can say which case needs re-recording.
public struct LedgerReplayTransport: HTTPTransport {
    /// The replaying transport.
    public var replay: ReplayTransport
    /// Where misses are noted.
    public var ledger: ReplayLedger

    /// Creates the transport.
    public init(replay: ReplayTransport, ledger: ReplayLedger) {
        self.replay = replay
        self.ledger = ledger
    }

    /// The recorded response, or `TransportError.noRecording` after noting the miss.
    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        do {
            return try await replay.send(request)
        } catch {
            if case .noRecording(let detail) = error { ledger.noteMiss(detail) }
            throw error
        }
    }
}
