import Foundation
import QuarrySchema

/// Recorded provider interactions, keyed by a canonical hash of the request, so tests, evals
/// and demos run offline. Secrets are never stored: requests are recorded redacted.
public struct Cassette: Sendable, Hashable {
    /// One recorded request and its response.
    public struct Interaction: Sendable, Hashable {
        /// The canonical key of the request.
        public var key: String
        /// The request, redacted.
        public var request: HTTPRequest
        /// The response.
        public var response: HTTPResponse

        /// Creates an interaction; `key` is normally ``Cassette/key(for:)`` of the full request.
        public init(key: String, request: HTTPRequest, response: HTTPResponse) {
            self.key = key
            self.request = request
            self.response = response
        }
    }

    /// The recordings, in recording order.
    public var interactions: [Interaction]
    /// Free-form facts about the recording: provider, model, mode, date.
    public var metadata: [String: String]

    /// Creates a cassette.
    public init(interactions: [Interaction] = [], metadata: [String: String] = [:]) {
        self.interactions = interactions
        self.metadata = metadata
    }

    /// The canonical key of a request: SHA-256 over the method, the URL's path and query
    /// (without secret values; scheme, host and port are left out so a local server on another
    /// port replays the same) and the body (as canonical JSON when it is JSON). Headers are not
    /// part of it.
    public static func key(for request: HTTPRequest) -> String {
        var redacted = request.redacted
        redacted.url = URIPath.pathAndQuery(of: redacted.url)
        let body: String
        if let json = try? JSONValue(parsing: request.body) {
            body = json.canonicalText
        } else {
            body = String(decoding: request.body, as: UTF8.self)
        }
        return SHA256.hexDigest(redacted.method + " " + redacted.url + "\n" + body)
    }

    /// The recorded response for `request`, if any.
    public func response(for request: HTTPRequest) -> HTTPResponse? {
        let key = Self.key(for: request)
        return interactions.first { $0.key == key }?.response
    }

    /// The cassette as JSON.
    public var json: JSONValue {
        [
            "version": 1,
            "metadata": .object(
                JSONObject(metadata.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })),
            "interactions": .array(
                interactions.map { interaction in
                    [
                        "key": .string(interaction.key),
                        "request": [
                            "method": .string(interaction.request.method),
                            "url": .string(interaction.request.url),
                            "body": Self.bodyValue(interaction.request.body),
                        ],
                        "response": [
                            "status": .number(JSONNumber(interaction.response.status)),
                            "headers": .object(
                                JSONObject(
                                    interaction.response.headers.sorted { $0.key < $1.key }.map {
                                        ($0.key, JSONValue.string($0.value))
                                    })),
                            "body": Self.bodyValue(interaction.response.body),
                        ],
                    ]
                }),
        ]
    }

    /// Reads a cassette from its JSON form.
    public init(json: JSONValue) throws {
        guard case .array(let entries)? = json["interactions"] else {
            throw CassetteError.malformed("no 'interactions' array")
        }
        var metadata: [String: String] = [:]
        for (name, value) in json["metadata"]?.objectValue ?? JSONObject() { metadata[name] = value.stringValue ?? "" }
        self.metadata = metadata
        interactions = try entries.map { entry in
            guard let key = entry["key"]?.stringValue, let request = entry["request"], let response = entry["response"],
                let status = response["status"]?.numberValue?.intValue
            else { throw CassetteError.malformed("an interaction lacks key, request or response") }
            var headers: [String: String] = [:]
            for (name, value) in response["headers"]?.objectValue ?? JSONObject() {
                headers[name] = value.stringValue ?? ""
            }
            return Interaction(
                key: key,
                request: HTTPRequest(
                    method: request["method"]?.stringValue ?? "POST", url: request["url"]?.stringValue ?? "",
                    body: Self.bodyBytes(request["body"])),
                response: HTTPResponse(status: status, headers: headers, body: Self.bodyBytes(response["body"])))
        }
    }

    /// Loads a cassette file.
    public init(contentsOfFile path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try self.init(json: try JSONValue(parsing: data))
    }

    /// Writes the cassette as pretty JSON.
    public func write(toFile path: String) throws {
        try Data(json.serialized(pretty: true).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Bodies are stored as JSON when they are JSON (readable diffs), streamed bodies in their
    /// compact form (``CompactEventStream``), anything else as text.
    static func bodyValue(_ bytes: [UInt8]) -> JSONValue {
        if let json = try? JSONValue(parsing: bytes) { return ["json": json] }
        if let stream = CompactEventStream.compact(bytes) { return ["events": stream] }
        return ["text": .string(String(decoding: bytes, as: UTF8.self))]
    }

    static func bodyBytes(_ value: JSONValue?) -> [UInt8] {
        if let json = value?["json"] { return Array(json.serialized().utf8) }
        if let stream = value?["events"] { return CompactEventStream.expand(stream) }
        return Array((value?["text"]?.stringValue ?? "").utf8)
    }
}

/// Why a cassette file could not be read.
public enum CassetteError: Error, Sendable, CustomStringConvertible {
    /// The file is not a cassette.
    case malformed(String)

    /// A sentence describing the problem.
    public var description: String {
        switch self {
        case .malformed(let detail): return "not a Quarry cassette: \(detail)"
        }
    }
}

/// Splits URLs for cassette keys.
enum URIPath {
    /// The path and query of an absolute URL (`/v1/chat/completions?x=1`).
    static func pathAndQuery(of url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "/" }
        return String(rest[slash...])
    }
}
