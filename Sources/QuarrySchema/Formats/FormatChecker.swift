// The `format` assertion checkers: dispatch and shared byte-level helpers.
//
// Every checker works directly on the UTF-8 bytes of the value (through a bounds-checked
// `Span<UInt8>`) with hand-written parsers that follow the ABNF of the defining RFC. No
// Foundation, no regular expressions, no allocation on the common ASCII paths.

/// Checks string values against the formats JSON Schema defines.
///
/// The checkers follow the RFCs the JSON Schema validation specification references:
///
/// | format | grammar |
/// | --- | --- |
/// | `date-time`, `date`, `time` | RFC 3339 §5.6 (leap second only at 23:59:60 UTC) |
/// | `duration` | RFC 3339 Appendix A |
/// | `email`, `idn-email` | RFC 5321 §4.1.2 / RFC 6531 §3.3 |
/// | `hostname`, `idn-hostname` | RFC 1123 §2.1, RFC 5890–5893 (IDNA2008, Punycode) |
/// | `ipv4`, `ipv6` | RFC 2673 §3.2 dotted quad / RFC 4291 §2.2 |
/// | `uri`, `uri-reference` | RFC 3986 |
/// | `iri`, `iri-reference` | RFC 3987 |
/// | `uri-template` | RFC 6570 |
/// | `uuid` | RFC 4122 |
/// | `json-pointer`, `relative-json-pointer` | RFC 6901 / draft-handrews-relative-json-pointer-01 |
///
/// `regex` is deliberately not handled here (the validator checks it with its own regex
/// engine), so `check(_:format: "regex")` returns `nil`.
///
/// `idn-hostname` (and the domain part of `idn-email`, and A-labels inside `hostname`) use the
/// IDNA2008 derived-property algorithm of RFC 5892 evaluated on the standard library's Unicode
/// properties rather than on the published IDNA table; scripts, joining types and Bidi classes
/// needed by the contextual and Bidi rules are approximated by code-point ranges, and U-labels
/// are not checked for NFC. See `HostnameFormats.swift` for the details.
public enum FormatChecker {
    /// Returns `true`/`false` for a known format, `nil` when the format name is not known
    /// (unknown formats are always valid per the spec).
    ///
    /// - Parameters:
    ///   - value: The string instance to check.
    ///   - format: The value of the schema's `format` keyword.
    /// - Returns: Whether `value` conforms to `format`, or `nil` if `format` is not one of
    ///   ``knownFormats``.
    public static func check(_ value: String, format: String) -> Bool? {
        guard let kind = Kind(format) else { return nil }
        // `withUTF8` does not copy a native string; it only makes a bridged one contiguous.
        // (`String.UTF8View.span` would be neater but needs macOS 26 on Darwin.)
        var value = value
        return value.withUTF8 { buffer in check(buffer.span, kind) }
    }

    private static func check(_ s: Span<UInt8>, _ kind: Kind) -> Bool {
        switch kind {
        case .dateTime: return DateTimeFormats.isDateTime(s)
        case .date: return DateTimeFormats.isFullDate(s)
        case .time: return DateTimeFormats.isFullTime(s)
        case .duration: return DurationFormat.isDuration(s)
        case .email: return EmailFormats.isEmail(s, international: false)
        case .idnEmail: return EmailFormats.isEmail(s, international: true)
        case .hostname: return HostnameFormats.isHostname(s, 0, s.count)
        case .idnHostname: return HostnameFormats.isIDNHostname(s, 0, s.count)
        case .ipv4: return IPAddressFormats.isIPv4(s, 0, s.count)
        case .ipv6: return IPAddressFormats.isIPv6(s, 0, s.count)
        case .uri: return URIFormats.isURIReference(s, requireScheme: true, international: false)
        case .uriReference: return URIFormats.isURIReference(s, requireScheme: false, international: false)
        case .iri: return URIFormats.isURIReference(s, requireScheme: true, international: true)
        case .iriReference: return URIFormats.isURIReference(s, requireScheme: false, international: true)
        case .uriTemplate: return URIFormats.isURITemplate(s)
        case .uuid: return UUIDFormat.isUUID(s)
        case .jsonPointer: return JSONPointerFormats.isJSONPointer(s, 0)
        case .relativeJSONPointer: return JSONPointerFormats.isRelativeJSONPointer(s)
        }
    }

    /// The known formats; the initializer buckets by length and first byte so that a lookup
    /// costs at most one string comparison.
    private enum Kind {
        case dateTime, date, time, duration, email, idnEmail, hostname, idnHostname, ipv4, ipv6
        case uri, uriReference, iri, iriReference, uriTemplate, uuid, jsonPointer, relativeJSONPointer

        init?(_ format: String) {
            let utf8 = format.utf8
            guard let first = utf8.first else { return nil }
            let candidate: (String, Kind)
            switch (utf8.count, first) {
            case (3, UInt8(ascii: "u")): candidate = ("uri", .uri)
            case (3, UInt8(ascii: "i")): candidate = ("iri", .iri)
            case (4, UInt8(ascii: "d")): candidate = ("date", .date)
            case (4, UInt8(ascii: "t")): candidate = ("time", .time)
            case (4, UInt8(ascii: "u")): candidate = ("uuid", .uuid)
            case (4, UInt8(ascii: "i")):
                guard let last = utf8.last else { return nil }
                candidate = last == UInt8(ascii: "4") ? ("ipv4", .ipv4) : ("ipv6", .ipv6)
            case (5, UInt8(ascii: "e")): candidate = ("email", .email)
            case (8, UInt8(ascii: "d")): candidate = ("duration", .duration)
            case (8, UInt8(ascii: "h")): candidate = ("hostname", .hostname)
            case (9, UInt8(ascii: "d")): candidate = ("date-time", .dateTime)
            case (9, UInt8(ascii: "i")): candidate = ("idn-email", .idnEmail)
            case (12, UInt8(ascii: "i")): candidate = ("idn-hostname", .idnHostname)
            case (12, UInt8(ascii: "u")): candidate = ("uri-template", .uriTemplate)
            case (12, UInt8(ascii: "j")): candidate = ("json-pointer", .jsonPointer)
            case (13, UInt8(ascii: "u")): candidate = ("uri-reference", .uriReference)
            case (13, UInt8(ascii: "i")): candidate = ("iri-reference", .iriReference)
            case (21, UInt8(ascii: "r")): candidate = ("relative-json-pointer", .relativeJSONPointer)
            default: return nil
            }
            guard format == candidate.0 else { return nil }
            self = candidate.1
        }
    }

    /// The format names this checker knows.
    ///
    /// `regex` is not among them: the validator checks it with its own regex engine.
    public static let knownFormats: Set<String> = [
        "date-time", "date", "time", "duration",
        "email", "idn-email",
        "hostname", "idn-hostname",
        "ipv4", "ipv6",
        "uri", "uri-reference", "iri", "iri-reference", "uri-template",
        "uuid",
        "json-pointer", "relative-json-pointer",
    ]
}

// MARK: - Shared byte helpers

/// ASCII character classes and UTF-8 decoding shared by the format parsers.
enum FormatBytes {
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }

    @inline(__always) static func isAlphaNumeric(_ b: UInt8) -> Bool { isDigit(b) || isAlpha(b) }

    @inline(__always) static func isHexDigit(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20) &- 0x61 < 6 }

    /// Lowercases an ASCII letter; other bytes are returned unchanged.
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b &- 0x41 < 26 ? b | 0x20 : b }

    /// The value of `n` ASCII digits starting at `i`, or `nil` if they are not all digits or
    /// run past the end.
    static func digits(_ s: Span<UInt8>, _ i: Int, _ n: Int) -> Int? {
        guard i >= 0, n >= 0, i + n <= s.count else { return nil }
        var value = 0
        for k in i..<(i + n) {
            let b = s[k]
            guard isDigit(b) else { return nil }
            value = value * 10 + Int(b &- 0x30)
        }
        return value
    }

    /// Decodes the UTF-8 scalar starting at `i` (the input is a Swift string, so it is valid
    /// UTF-8; malformed input still never traps and yields U+FFFD with length 1).
    static func scalar(_ s: Span<UInt8>, _ i: Int) -> (value: UInt32, length: Int) {
        let b0 = s[i]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        let length: Int
        var value: UInt32
        switch b0 {
        case 0xC0...0xDF:
            length = 2
            value = UInt32(b0 & 0x1F)
        case 0xE0...0xEF:
            length = 3
            value = UInt32(b0 & 0x0F)
        case 0xF0...0xF7:
            length = 4
            value = UInt32(b0 & 0x07)
        default: return (0xFFFD, 1)
        }
        guard i + length <= s.count else { return (0xFFFD, 1) }
        for k in (i + 1)..<(i + length) {
            let b = s[k]
            guard b & 0xC0 == 0x80 else { return (0xFFFD, 1) }
            value = value << 6 | UInt32(b & 0x3F)
        }
        return (value, length)
    }

    /// `pct-encoded = "%" HEXDIG HEXDIG` at `i` (which holds the `%`).
    @inline(__always) static func isPercentEncoded(_ s: Span<UInt8>, _ i: Int) -> Bool {
        i + 2 < s.count && s[i] == 0x25 && isHexDigit(s[i + 1]) && isHexDigit(s[i + 2])
    }

    /// RFC 3987 `ucschar`.
    static func isUCSChar(_ c: UInt32) -> Bool {
        switch c {
        case 0xA0...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFEF: return true
        case 0x10000...0xEFFFD: return c & 0xFFFF <= 0xFFFD && (c < 0xE0000 || c >= 0xE1000)
        default: return false
        }
    }

    /// RFC 3987 `iprivate`.
    static func isIPrivate(_ c: UInt32) -> Bool {
        switch c {
        case 0xE000...0xF8FF, 0xF0000...0xFFFFD, 0x100000...0x10FFFD: return true
        default: return false
        }
    }
}
