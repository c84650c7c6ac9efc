/// A language-model provider: sends one ``ExtractionRequest`` and returns its reply.
///
/// Everything else — retries, the corrective loop, fallbacks, caching, observers — wraps this
/// one call. Adding a provider means adding one file with a type that conforms, usually via
/// ``HTTPProvider``.
public protocol Provider: Sendable {
    /// A short name for records and logs (`openai`, `anthropic`, ...).
    var name: String { get }
    /// The model asked for.
    var model: String { get }
    /// Whether the provider can enforce a schema natively (``RequestMode/constrained``).
    var supportsConstrainedDecoding: Bool { get }
    /// Whether the provider streams replies for a request with a
    /// ``ExtractionRequest/loopDetector``, and so can stop one that repeats itself.
    var streamsReplies: Bool { get }
    /// Whether constrained requests can carry a GBNF ``ExtractionRequest/grammar`` in place of
    /// the schema (llama.cpp's server), for ``ExtractionPolicy/grammarCompilation``.
    var acceptsGrammar: Bool { get }
    /// Sends one request.
    func complete(_ request: ExtractionRequest) async throws(ProviderFailure) -> ProviderReply
}

/// A provider that speaks HTTP: it turns requests into ``HTTPRequest``s and responses into
/// replies; the transport is swappable for tests and record/replay.
public protocol HTTPProvider: Provider {
    /// The transport used to send requests.
    var transport: any HTTPTransport { get }
    /// Builds the wire request.
    func httpRequest(for request: ExtractionRequest) -> HTTPRequest
    /// Reads a wire response (any status) into a reply or a failure.
    func reply(from response: HTTPResponse) throws(ProviderFailure) -> ProviderReply
}

extension Provider {
    /// `false`: replies arrive whole unless a provider says otherwise.
    public var streamsReplies: Bool { false }
    /// `false`: requests carry the schema unless a provider says otherwise.
    public var acceptsGrammar: Bool { false }
}

extension HTTPProvider {
    /// Sends the request over ``transport`` and reads the response.
    public func complete(_ request: ExtractionRequest) async throws(ProviderFailure) -> ProviderReply {
        let response: HTTPResponse
        do {
            response = try await transport.send(httpRequest(for: request))
        } catch {
            throw .transport(error)
        }
        return try reply(from: response)
    }
}
