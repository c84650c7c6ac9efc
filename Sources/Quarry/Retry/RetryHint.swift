import Foundation

/// Reads how long a provider asked the client to wait.
public enum RetryHint {
    /// The wait from `retry-after-ms` (milliseconds) or `retry-after` (seconds, or an HTTP
    /// date relative to `now`), in that order of preference.
    public static func fromHeaders(_ headers: [String: String], now: Date) -> Duration? {
        if let milliseconds = headers["retry-after-ms"].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }),
            milliseconds >= 0
        {
            return .milliseconds(Int64(milliseconds.rounded()))
        }
        guard let value = headers["retry-after"]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(value), seconds >= 0 { return .milliseconds(Int64((seconds * 1_000).rounded())) }
        if let date = httpDate(value) {
            let seconds = date.timeIntervalSince(now)
            return .milliseconds(Int64(max(seconds, 0) * 1_000))
        }
        return nil
    }

    /// Parses a Google duration such as `13s` or `1.5s` (Gemini's `RetryInfo.retryDelay`).
    public static func fromGoogleDuration(_ text: String) -> Duration? {
        guard text.hasSuffix("s"), let seconds = Double(text.dropLast()), seconds >= 0 else { return nil }
        return .milliseconds(Int64((seconds * 1_000).rounded()))
    }

    /// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
