/// Removes secrets from text that is recorded, logged or put in errors.
public enum Redaction {
    /// Query parameters whose values are secrets.
    static let secretQueryNames: Set<String> = ["key", "api_key", "apikey", "access_token"]

    /// The URL with secret query values replaced by `REDACTED`.
    public static func redactQuerySecrets(in url: String) -> String {
        guard let question = url.firstIndex(of: "?") else { return url }
        let query = url[url.index(after: question)...]
        let parts = query.split(separator: "&", omittingEmptySubsequences: false).map { part -> String in
            guard let equals = part.firstIndex(of: "=") else { return String(part) }
            let name = part[..<equals].lowercased()
            return secretQueryNames.contains(name) ? part[..<equals] + "=REDACTED" : String(part)
        }
        return url[...question] + parts.joined(separator: "&")
    }

    /// `text` with every occurrence of each secret replaced by `REDACTED`.
    public static func redact(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets where secret.count >= 4 {
            result = result.replacing(secret, with: "REDACTED")
        }
        return result
    }
}
