import Foundation

/// A string with a `format` (`date-time`, `date`, `uri`, `uuid`) that keeps the exact text it
/// was decoded from and offers the parsed value on request.
///
/// JSON Schema treats `format` as an annotation: a valid document may hold a date that does not
/// parse. Generated code therefore never fails to decode such a string, re-encodes it byte for
/// byte, and exposes ``parsed`` (`nil` when the text does not match the format).
public struct FormattedString<Format: StringFormat>: Codable, Hashable, Sendable, RawRepresentable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    /// The text exactly as it appeared in the JSON.
    public var rawValue: String

    /// Wraps a text.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Wraps a string literal.
    public init(stringLiteral value: String) { rawValue = value }

    /// The text parsed as the format's Swift type, or `nil` when it does not match the format.
    public var parsed: Format.Value? { Format.parse(rawValue) }

    /// The text.
    public var description: String { rawValue }

    /// Decodes the string as it is.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the original text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A string format with a Swift value type (see ``FormattedString``).
public protocol StringFormat: Sendable, Hashable {
    /// The Swift type a well-formed text parses to.
    associatedtype Value
    /// Parses a text, or returns `nil` when it does not match the format.
    static func parse(_ text: String) -> Value?
}

/// RFC 3339 `date-time` (`2025-03-14T09:30:00Z`), parsed to a `Date`.
public enum DateTimeFormat: StringFormat {
    /// Parses with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}

/// RFC 3339 `full-date` (`2025-03-14`), parsed to its calendar components.
public enum DateFormat: StringFormat {
    /// Parses `YYYY-MM-DD` and checks the day exists in that month.
    public static func parse(_ text: String) -> DateComponents? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1
        else { return nil }
        let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard day <= days else { return nil }
        return DateComponents(year: year, month: month, day: day)
    }
}

/// RFC 3986 `uri`, parsed to a `URL`.
public enum URIFormat: StringFormat {
    /// Parses an absolute URI.
    public static func parse(_ text: String) -> URL? {
        guard let url = URL(string: text), url.scheme != nil else { return nil }
        return url
    }
}

/// RFC 4122 `uuid`, parsed to a `UUID`.
public enum UUIDFormat: StringFormat {
    /// Parses the hyphenated form, either case.
    public static func parse(_ text: String) -> UUID? { UUID(uuidString: text) }
}

/// A `date-time` string that keeps its exact text.
public typealias DateTimeString = FormattedString<DateTimeFormat>
/// A `date` string that keeps its exact text.
public typealias DateString = FormattedString<DateFormat>
/// A `uri` string that keeps its exact text.
public typealias URIString = FormattedString<URIFormat>
/// A `uuid` string that keeps its exact text.
public typealias UUIDString = FormattedString<UUIDFormat>
