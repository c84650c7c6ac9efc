/// An HTTP request as Quarry's transports see it: plain values, easy to record and replay.
public struct HTTPRequest: Sendable, Hashable {
    /// `GET`, `POST`, ...
    public var method: String
    /// The absolute URL.
    public var url: String
    /// Header fields. Secrets (`authorization`, `x-api-key`, `x-goog-api-key`) are removed
    /// before anything is recorded or logged; see ``redacted``.
    public var headers: [String: String]
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a request.
    public init(method: String = "POST", url: String, headers: [String: String] = [:], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// Header names whose values are secrets.
    public static let secretHeaderNames: Set<String> = [
        "authorization", "x-api-key", "x-goog-api-key", "api-key", "proxy-authorization", "cookie",
    ]

    /// The request without secret headers, and without `key=` query parameters.
    public var redacted: HTTPRequest {
        var copy = self
        copy.headers = headers.filter { !Self.secretHeaderNames.contains($0.key.lowercased()) }
        copy.url = Redaction.redactQuerySecrets(in: url)
        return copy
    }
}

/// An HTTP response.
public struct HTTPResponse: Sendable, Hashable {
    /// The status code.
    public var status: Int
    /// Header fields with lower-cased names.
    public var headers: [String: String]
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a response; header names are lower-cased.
    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        var lowered: [String: String] = [:]
        for (name, value) in headers { lowered[name.lowercased()] = value }
        self.headers = lowered
        self.body = body
    }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
