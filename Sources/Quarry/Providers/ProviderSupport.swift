import Foundation
import QuarrySchema

/// Small helpers the HTTP providers share: environment keys, URL joining, JSON bodies and
/// error-body reading. Internal on purpose: each provider's wire format lives in its own file.
enum ProviderSupport {
    /// The first non-empty value among the environment variables `names`.
    static func environmentValue(_ names: String...) -> String? {
        let environment = ProcessInfo.processInfo.environment
        for name in names {
            if let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty {
                return value
            }
        }
        return nil
    }

    /// `nil` for `nil` or an empty string.
    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    /// `base` without trailing slashes.
    static func trimmedBase(_ base: String) -> String {
        var result = base
        while result.hasSuffix("/") { result.removeLast() }
        return result
    }

    /// Joins a base URL and a path that starts with `/v1/...`, without doubling a `/v1` the
    /// base already ends with (`http://localhost:8080/v1` is a common way to write a base).
    static func join(base: String, versionedPath path: String) -> String {
        let trimmed = trimmedBase(base)
        if trimmed.hasSuffix("/v1"), path.hasPrefix("/v1/") {
            return trimmed + path.dropFirst(3)
        }
        return trimmed + path
    }

    /// The host of `url`, lower-cased.
    static func host(of url: String) -> String? {
        URL(string: url)?.host?.lowercased()
    }

    /// A JSON number for a `Double`, or `0` when it is not finite.
    static func number(_ value: Double) -> JSONValue {
        .number(JSONNumber(value) ?? JSONNumber(0))
    }

    /// The body bytes of a JSON value. When the value contains `schema` (the very value, as
    /// the request or ``SchemaWireCache`` gave it), the schema's text comes from the cache
    /// instead of being written afresh; the bytes are the same either way.
    static func body(_ value: JSONValue, embedding schema: JSONValue? = nil) -> [UInt8] {
        guard let schema, let identity = DocumentIdentity(schema), let schemaBytes = SchemaWireCache.bytes(of: schema)
        else {
            return JSONSerializer().bytes(of: value)
        }
        var output: [UInt8] = []
        output.reserveCapacity(schemaBytes.count + 4_096)
        write(value, splicing: schemaBytes, at: identity, into: &output)
        return output
    }

    /// Writes `value` as compact JSON (as ``JSONSerializer`` does), with `bytes` for the object
    /// whose storage is `identity`.
    private static func write(
        _ value: JSONValue, splicing bytes: [UInt8], at identity: DocumentIdentity, into output: inout [UInt8]
    ) {
        switch value {
        case .object(let object):
            if DocumentIdentity(value) == identity {
                output.append(contentsOf: bytes)
                return
            }
            output.append(UInt8(ascii: "{"))
            for position in object.keys.indices {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                JSONSerializer().append(.string(object.keys[position]), to: &output)
                output.append(UInt8(ascii: ":"))
                write(object.values[position], splicing: bytes, at: identity, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for position in elements.indices {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                write(elements[position], splicing: bytes, at: identity, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        default:
            JSONSerializer().append(value, to: &output)
        }
    }

    /// Sets the sampling options on `object` in a stable (sorted) order, never overriding a
    /// member Quarry already set unless `override` is true.
    static func merge(_ options: [String: JSONValue], into object: inout JSONObject, override: Bool = false) {
        for key in options.keys.sorted() {
            guard let value = options[key] else { continue }
            if override || object[key] == nil { object[key] = value }
        }
    }

    /// A tool or format name providers accept (`^[a-zA-Z0-9_-]{1,64}$`).
    static func wireName(_ name: String) -> String {
        var result = ""
        for scalar in name.unicodeScalars {
            let allowed =
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_" || scalar == "-"
            result.unicodeScalars.append(allowed ? scalar : "_")
        }
        if result.isEmpty { result = "output" }
        return String(result.prefix(64))
    }

    /// Request headers common to every JSON API.
    static func jsonHeaders() -> [String: String] {
        ["content-type": "application/json", "accept": "application/json"]
    }

    /// Response headers without secrets (and without cookies), for ``ProviderReply/headers``.
    static func safeHeaders(_ headers: [String: String]) -> [String: String] {
        headers.filter { name, _ in
            let lowered = name.lowercased()
            return !HTTPRequest.secretHeaderNames.contains(lowered) && lowered != "set-cookie"
        }
    }

    /// Whether `status` is a success.
    static func isSuccess(_ status: Int) -> Bool { (200..<300).contains(status) }

    /// The response body as a JSON object, or `nil`.
    static func jsonObject(_ response: HTTPResponse) -> JSONValue? {
        guard let value = try? JSONValue(parsing: response.body), value.objectValue != nil else { return nil }
        return value
    }

    /// The `x-should-retry` header as a Boolean.
    static func shouldRetry(_ headers: [String: String]) -> Bool? {
        switch headers["x-should-retry"]?.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    /// A message for an error body that is not the provider's JSON shape (an HTML page from a
    /// proxy, an empty body): the first line of text, shortened.
    static func fallbackMessage(_ response: HTTPResponse) -> String {
        let text = response.bodyText.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return "no error body (HTTP \(response.status))" }
        let firstLine = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
        return firstLine.count > 300 ? String(firstLine.prefix(300)) + "…" : firstLine
    }

    /// A short description of a body that could not be read, for ``ProviderFailure/malformedBody(_:)``.
    static func bodyExcerpt(_ response: HTTPResponse) -> String {
        let text = response.bodyText
        if text.isEmpty { return "empty body" }
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }

    /// Removes an API key from provider text that goes into an error.
    static func scrub(_ text: String, apiKey: String?) -> String {
        guard let apiKey, !apiKey.isEmpty else { return text }
        return Redaction.redact(text, secrets: [apiKey])
    }

    /// An integer member, accepting integral numbers only.
    static func int(_ value: JSONValue?) -> Int? {
        value?.numberValue?.intValue
    }

    /// A string or number member as text (error codes come as either).
    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let string)?: return string
        case .number(let number)?: return number.description
        default: return nil
        }
    }
}
