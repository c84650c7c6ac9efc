/// Sends HTTP requests. Providers use one; tests swap in a scripted or replaying transport.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response, or throws a ``TransportError``.
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse
}

/// A failure below HTTP: the request got no response.
public enum TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request timed out without a response.
    case timedOut
    /// The server refused the connection (nothing listening).
    case connectionRefused
    /// The connection dropped before the response was complete.
    case connectionLost
    /// The host name did not resolve or the network is unreachable.
    case unreachable(String)
    /// The request was cancelled.
    case cancelled
    /// A replaying transport has no recording for the request (the prompt, schema or
    /// settings changed since recording: re-record).
    case noRecording(String)
    /// Any other failure, described.
    case other(String)

    /// A sentence describing the failure.
    public var description: String {
        switch self {
        case .timedOut: return "the request timed out"
        case .connectionRefused: return "the connection was refused"
        case .connectionLost: return "the connection was lost before the response was complete"
        case .unreachable(let detail): return "the server is unreachable: \(detail)"
        case .cancelled: return "the request was cancelled"
        case .noRecording(let detail): return "no recorded reply for this request (\(detail)); re-record the cassette"
        case .other(let detail): return "the request failed: \(detail)"
        }
    }
}
