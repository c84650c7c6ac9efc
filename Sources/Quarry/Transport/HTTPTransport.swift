/// Sends HTTP requests. Providers use one; tests swap in a scripted or replaying transport.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response, or throws a ``TransportError``.
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse

    /// Sends `request` and hands the response body to `receive` piece by piece as it arrives
    /// (a streamed reply, server-sent events); when `receive` returns `false` the transport
    /// stops reading, closes the exchange, and returns the response with the body received
    /// so far.
    ///
    /// The default implementation waits for the whole response and then hands it over in
    /// pieces (see ``HTTPResponse/delivered(to:)``): correct for every transport, and what
    /// scripted, replaying and `URLSession` transports do. ``SocketHTTPTransport`` streams for
    /// real, so a stopped reply stops the server's work too.
    func send(_ request: HTTPRequest, receivingBody receive: @escaping @Sendable (ArraySlice<UInt8>) -> Bool)
        async throws(TransportError) -> HTTPResponse
}

extension HTTPTransport {
    /// Waits for the whole response, then hands its body over in pieces.
    public func send(_ request: HTTPRequest, receivingBody receive: @escaping @Sendable (ArraySlice<UInt8>) -> Bool)
        async throws(TransportError) -> HTTPResponse
    {
        try await send(request).delivered(to: receive)
    }
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
