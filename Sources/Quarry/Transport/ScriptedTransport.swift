import Foundation

/// A transport that answers from a script instead of the network, and records what it was
/// sent: the in-process fake provider for unit tests.
public final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    /// One scripted answer.
    public enum Step: Sendable {
        /// Answer with this response.
        case respond(HTTPResponse)
        /// Fail below HTTP.
        case fail(TransportError)
    }

    private let lock = NSLock()
    private var steps: [Step]
    private var received: [HTTPRequest] = []

    /// Creates a transport that plays `steps` in order; the last step repeats when the script
    /// runs out.
    public init(_ steps: [Step]) {
        self.steps = steps
    }

    /// The requests sent so far (secrets included, as sent: tests check redaction elsewhere).
    public var requests: [HTTPRequest] {
        lock.withLock { received }
    }

    /// Plays the next step.
    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let step: Step? = lock.withLock {
            received.append(request)
            if steps.count > 1 { return steps.removeFirst() }
            return steps.first
        }
        switch step {
        case .respond(let response)?: return response
        case .fail(let error)?: throw error
        case nil: throw .other("the script is empty")
        }
    }
}
