// `uri`, `uri-reference` (RFC 3986), `iri`, `iri-reference` (RFC 3987) and `uri-template`
// (RFC 6570).
//
//   URI           = scheme ":" hier-part [ "?" query ] [ "#" fragment ]
//   relative-ref  = relative-part [ "?" query ] [ "#" fragment ]
//   hier-part     = "//" authority path-abempty / path-absolute / path-rootless / path-empty
//   relative-part = "//" authority path-abempty / path-absolute / path-noscheme / path-empty
//   scheme        = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
//   authority     = [ userinfo "@" ] host [ ":" port ]
//   userinfo      = *( unreserved / pct-encoded / sub-delims / ":" )
//   host          = IP-literal / IPv4address / reg-name
//   IP-literal    = "[" ( IPv6address / IPvFuture  ) "]"
//   IPvFuture     = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
//   reg-name      = *( unreserved / pct-encoded / sub-delims )
//   port          = *DIGIT
//   pchar         = unreserved / pct-encoded / sub-delims / ":" / "@"
//   query = fragment = *( pchar / "/" / "?" )
//
// The IRI grammar is the same with `ucschar` added to `unreserved` and `iprivate` allowed in
// the query. (An IPv4address host is a reg-name too, so `999.999.999.999` is a valid host.)

enum URIFormats {
    /// RFC 3986 `unreserved` or `sub-delims` (ASCII only).
    @inline(__always) private static func isUnreservedOrSubDelim(_ b: UInt8) -> Bool {
        if FormatBytes.isAlphaNumeric(b) { return true }
        switch b {
        case 0x2D, 0x2E, 0x5F, 0x7E: return true  // - . _ ~
        case 0x21, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x3B, 0x3D: return true  // ! $ & ' ( ) * + , ; =
        default: return false
        }
    }

    /// Consumes one character of `*( unreserved / pct-encoded / sub-delims / extra )` at `i`;
    /// returns the index after it, or `nil` if the character is not allowed.
    @inline(__always) private static func consume(
        _ s: Span<UInt8>, _ i: Int, extra: (UInt8) -> Bool, international: Bool, privateUse: Bool
    ) -> Int? {
        let b = s[i]
        if b < 0x80 {
            if isUnreservedOrSubDelim(b) || extra(b) { return i + 1 }
            if b == 0x25 { return FormatBytes.isPercentEncoded(s, i) ? i + 3 : nil }
            return nil
        }
        guard international else { return nil }
        let decoded = FormatBytes.scalar(s, i)
        if FormatBytes.isUCSChar(decoded.value) || (privateUse && FormatBytes.isIPrivate(decoded.value)) {
            return i + decoded.length
        }
        return nil
    }

    /// Checks `*( component characters )` over `s[start..<end]`.
    private static func component(
        _ s: Span<UInt8>, _ start: Int, _ end: Int, international: Bool, privateUse: Bool = false,
        extra: (UInt8) -> Bool
    ) -> Bool {
        var i = start
        while i < end {
            guard let next = consume(s, i, extra: extra, international: international, privateUse: privateUse) else {
                return false
            }
            i = next
        }
        return i == end
    }

    /// `uri`/`iri` (`requireScheme`) or `uri-reference`/`iri-reference`; `international`
    /// selects the IRI grammar.
    static func isURIReference(_ s: Span<UInt8>, requireScheme: Bool, international: Bool) -> Bool {
        let n = s.count
        // The ends of the hier-part/relative-part, the query and the fragment.
        var queryStart = n
        var fragmentStart = n
        var k = 0
        while k < n {
            let b = s[k]
            if b == 0x23 {
                fragmentStart = k
                break
            }
            if b == 0x3F, queryStart == n { queryStart = k }
            k += 1
        }
        let partEnd = min(queryStart, fragmentStart)

        // scheme
        var i = 0
        var hasScheme = false
        if n > 0, FormatBytes.isAlpha(s[0]) {
            var j = 1
            while j < partEnd, FormatBytes.isAlphaNumeric(s[j]) || s[j] == 0x2B || s[j] == 0x2D || s[j] == 0x2E {
                j += 1
            }
            if j < partEnd, s[j] == 0x3A {
                hasScheme = true
                i = j + 1
            }
        }
        if requireScheme, !hasScheme { return false }

        // hier-part / relative-part
        var pathStart = i
        if i + 1 < partEnd, s[i] == 0x2F, s[i + 1] == 0x2F {
            var authorityEnd = i + 2
            while authorityEnd < partEnd, s[authorityEnd] != 0x2F { authorityEnd += 1 }
            guard authority(s, i + 2, authorityEnd, international: international) else { return false }
            pathStart = authorityEnd
        } else if !hasScheme {
            // path-noscheme: the first segment must not contain ":".
            var j = i
            while j < partEnd, s[j] != 0x2F {
                if s[j] == 0x3A { return false }
                j += 1
            }
        }
        let isPathChar: (UInt8) -> Bool = { $0 == 0x3A || $0 == 0x40 || $0 == 0x2F }
        guard component(s, pathStart, partEnd, international: international, extra: isPathChar) else { return false }

        let isQueryChar: (UInt8) -> Bool = { $0 == 0x3A || $0 == 0x40 || $0 == 0x2F || $0 == 0x3F }
        if queryStart < fragmentStart {
            guard
                component(
                    s, queryStart + 1, fragmentStart, international: international, privateUse: true,
                    extra: isQueryChar)
            else { return false }
        }
        if fragmentStart < n {
            guard component(s, fragmentStart + 1, n, international: international, extra: isQueryChar) else {
                return false
            }
        }
        return true
    }

    /// `authority` (or `iauthority`) occupying `s[start..<end]`.
    private static func authority(_ s: Span<UInt8>, _ start: Int, _ end: Int, international: Bool) -> Bool {
        var hostStart = start
        var k = start
        while k < end {
            if s[k] == 0x40 {
                guard component(s, start, k, international: international, extra: { $0 == 0x3A }) else { return false }
                hostStart = k + 1
                break
            }
            k += 1
        }
        var hostEnd: Int
        if hostStart < end, s[hostStart] == 0x5B {  // IP-literal
            var close = hostStart + 1
            while close < end, s[close] != 0x5D { close += 1 }
            guard close < end, ipLiteral(s, hostStart + 1, close) else { return false }
            hostEnd = close + 1
            guard hostEnd == end || s[hostEnd] == 0x3A else { return false }
        } else {
            hostEnd = hostStart
            while hostEnd < end, s[hostEnd] != 0x3A { hostEnd += 1 }
            guard component(s, hostStart, hostEnd, international: international, extra: { _ in false }) else {
                return false
            }
        }
        // port
        if hostEnd < end {
            for p in (hostEnd + 1)..<end where !FormatBytes.isDigit(s[p]) { return false }
        }
        return true
    }

    /// The inside of an `IP-literal`: IPv6address or IPvFuture.
    private static func ipLiteral(_ s: Span<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard start < end else { return false }
        if s[start] | 0x20 == 0x76 {  // v
            var i = start + 1
            let hexStart = i
            while i < end, FormatBytes.isHexDigit(s[i]) { i += 1 }
            guard i > hexStart, i < end, s[i] == 0x2E, i + 1 < end else { return false }
            for k in (i + 1)..<end where !(isUnreservedOrSubDelim(s[k]) || s[k] == 0x3A) { return false }
            return true
        }
        return IPAddressFormats.isIPv6(s, start, end)
    }

    // MARK: - URI Template

    /// `uri-template` (RFC 6570 §2, level 4).
    ///
    ///   URI-Template  = *( literals / expression )
    ///   expression    = "{" [ operator ] variable-list "}"
    ///   operator      = "+" / "#" / "." / "/" / ";" / "?" / "&" / "=" / "," / "!" / "@" / "|"
    ///   variable-list = varspec *( "," varspec )
    ///   varspec       = varname [ ":" max-length / "*" ]
    ///   varname       = varchar *( ["."] varchar )
    ///   varchar       = ALPHA / DIGIT / "_" / pct-encoded
    ///   max-length    = %x31-39 0*3DIGIT
    ///
    /// Literals are any ASCII except CTL, SP, `"`, `%` (unless pct-encoded), `<`, `>`, `\`,
    /// `^`, `` ` ``, `{`, `|`, `}`, plus `ucschar` and `iprivate`. The apostrophe is accepted as
    /// in RFC 6570 erratum 6937 (and the JSON Schema Test Suite).
    static func isURITemplate(_ s: Span<UInt8>) -> Bool {
        let n = s.count
        var i = 0
        while i < n {
            let b = s[i]
            if b == 0x7B {
                guard let next = expression(s, i + 1) else { return false }
                i = next
                continue
            }
            if b >= 0x80 {
                let decoded = FormatBytes.scalar(s, i)
                guard FormatBytes.isUCSChar(decoded.value) || FormatBytes.isIPrivate(decoded.value) else {
                    return false
                }
                i += decoded.length
                continue
            }
            switch b {
            case 0x25:
                guard FormatBytes.isPercentEncoded(s, i) else { return false }
                i += 3
                continue
            case 0x00...0x20, 0x22, 0x3C, 0x3E, 0x5C, 0x5E, 0x60, 0x7C, 0x7D, 0x7F:
                return false
            default:
                i += 1
            }
        }
        return true
    }

    /// An expression body starting after `{`; returns the index after the closing `}`.
    private static func expression(_ s: Span<UInt8>, _ start: Int) -> Int? {
        let n = s.count
        var i = start
        guard i < n else { return nil }
        switch s[i] {
        case 0x2B, 0x23, 0x2E, 0x2F, 0x3B, 0x3F, 0x26, 0x3D, 0x2C, 0x21, 0x40, 0x7C: i += 1
        default: break
        }
        while true {
            // varname
            var previousDot = true  // a varname cannot start with "."
            let nameStart = i
            while i < n {
                let b = s[i]
                if FormatBytes.isAlphaNumeric(b) || b == 0x5F {
                    i += 1
                } else if b == 0x25 {
                    guard FormatBytes.isPercentEncoded(s, i) else { return nil }
                    i += 3
                } else if b == 0x2E {
                    guard !previousDot else { return nil }
                    previousDot = true
                    i += 1
                    continue
                } else {
                    break
                }
                previousDot = false
            }
            guard i > nameStart, !previousDot, i < n else { return nil }
            // modifier
            if s[i] == 0x3A {
                i += 1
                guard i < n, s[i] >= 0x31, s[i] <= 0x39 else { return nil }
                let digitsStart = i
                while i < n, FormatBytes.isDigit(s[i]) { i += 1 }
                guard i - digitsStart <= 4, i < n else { return nil }
            } else if s[i] == 0x2A {
                i += 1
                guard i < n else { return nil }
            }
            switch s[i] {
            case 0x2C: i += 1
            case 0x7D: return i + 1
            default: return nil
            }
        }
    }
}
