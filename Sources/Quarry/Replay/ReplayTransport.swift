import Foundation

/// Answers requests from a ``Cassette``; a request with no recording fails at once with
/// ``TransportError/noRecording(_:)`` (never retried, never sent to the network).
public struct ReplayTransport: HTTPTransport {
    /// The recordings.
    public var cassette: Cassette

    /// Creates a replaying transport.
    public init(cassette: Cassette) {
        self.cassette = cassette
    }

    /// The recorded response.
    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        guard let response = cassette.response(for: request) else {
            throw .noRecording("key \(Cassette.key(for: request).prefix(12))")
        }
        return response
    }
}

/// Sends requests through another transport and records every exchange into a cassette.
///
/// With `replaysRecorded`, a request the cassette already holds is answered from it (no
/// network) and only the others go live: an interrupted recording, saved as it went, resumes
/// where it stopped without paying for a reply twice.
public final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    private let base: any HTTPTransport
    private let replaysRecorded: Bool
    private let lock = NSLock()
    private var recorded: Cassette
    private var used: Set<String> = []

    /// Creates a recorder over `base`, appending to `cassette`; with `replaysRecorded`, the
    /// requests `cassette` holds are answered from it.
    public init(base: any HTTPTransport, cassette: Cassette = Cassette(), replaysRecorded: Bool = false) {
        self.base = base
        self.recorded = cassette
        self.replaysRecorded = replaysRecorded
    }

    /// The cassette with only the exchanges this transport sent or replayed (what a finished
    /// resumed recording keeps: recordings no request asked for any more are dropped).
    public var cassetteOfThisRun: Cassette {
        lock.withLock {
            var cassette = recorded
            cassette.interactions = recorded.interactions.filter { used.contains($0.key) }
            return cassette
        }
    }

    /// The recorded response when resuming and the cassette holds one.
    private func replayed(_ request: HTTPRequest) -> HTTPResponse? {
        guard replaysRecorded else { return nil }
        let key = Cassette.key(for: request)
        return lock.withLock {
            guard let response = recorded.interactions.first(where: { $0.key == key })?.response else { return nil }
            used.insert(key)
            return response
        }
    }

    /// Response headers worth keeping: what retry and pacing logic reads.
    static let recordedHeaderPrefixes = [
        "retry-after", "x-should-retry", "content-type", "x-ratelimit", "anthropic-ratelimit",
    ]

    /// The recordings so far.
    public var cassette: Cassette {
        lock.withLock { recorded }
    }

    /// Sends and records. Transport failures are not recorded.
    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        if let response = replayed(request) { return response }
        return record(request, try await base.send(request))
    }

    /// Streams through the base transport and records the response as it was read (a stream
    /// stopped early is recorded up to where it stopped, and replays the same way).
    public func send(_ request: HTTPRequest, receivingBody receive: @escaping @Sendable (ArraySlice<UInt8>) -> Bool)
        async throws(TransportError) -> HTTPResponse
    {
        if let response = replayed(request) { return response.delivered(to: receive) }
        return record(request, try await base.send(request, receivingBody: receive))
    }

    private func record(_ request: HTTPRequest, _ response: HTTPResponse) -> HTTPResponse {
        var kept = response
        kept.headers = response.headers.filter { name, _ in
            Self.recordedHeaderPrefixes.contains { name.hasPrefix($0) }
        }
        let interaction = Cassette.Interaction(
            key: Cassette.key(for: request), request: request.redacted, response: kept)
        lock.withLock {
            recorded.interactions.removeAll { $0.key == interaction.key }
            recorded.interactions.append(interaction)
            used.insert(interaction.key)
        }
        return response
    }
}
