// `email` (RFC 5321 §4.1.2 `Mailbox`) and `idn-email` (RFC 6531 §3.3).
//
//   Mailbox        = Local-part "@" ( Domain / address-literal )
//   Local-part     = Dot-string / Quoted-string          ; at most 64 octets (§4.5.3.1.1)
//   Dot-string     = Atom *("."  Atom)
//   Atom           = 1*atext
//   Quoted-string  = DQUOTE *QcontentSMTP DQUOTE
//   QcontentSMTP   = qtextSMTP / quoted-pairSMTP
//   quoted-pairSMTP = %d92 %d32-126
//   qtextSMTP      = %d32-33 / %d35-91 / %d93-126
//   address-literal = "[" ( IPv4-address-literal / IPv6-address-literal ) "]"
//   IPv6-address-literal = "IPv6:" IPv6-addr
//
// RFC 6531 adds UTF8-non-ascii to atext and qtextSMTP, and lets the domain be an
// internationalized domain name (checked as `idn-hostname`); `email` checks the domain as
// `hostname`. The General-address-literal form is rejected: no tag other than IPv6 is
// registered.

enum EmailFormats {
    /// `email` (`international: false`) or `idn-email` (`international: true`).
    static func isEmail(_ s: Span<UInt8>, international: Bool) -> Bool {
        let n = s.count
        guard n >= 3 else { return false }
        var i = 0
        if s[0] == 0x22 {  // Quoted-string
            i = 1
            while true {
                guard i < n else { return false }
                let b = s[i]
                if b == 0x22 {
                    i += 1
                    break
                }
                if b == 0x5C {
                    guard i + 1 < n, s[i + 1] >= 32, s[i + 1] <= 126 else { return false }
                    i += 2
                } else if (b >= 32 && b <= 126) || (international && b >= 0x80) {
                    i += 1
                } else {
                    return false
                }
            }
        } else {  // Dot-string
            var atomLength = 0
            while i < n, s[i] != 0x40 {
                let b = s[i]
                if b == 0x2E {
                    guard atomLength > 0 else { return false }
                    atomLength = 0
                } else if isAtext(b) || (international && b >= 0x80) {
                    atomLength += 1
                } else {
                    return false
                }
                i += 1
            }
            guard atomLength > 0 else { return false }
        }
        guard i <= 64, i < n, s[i] == 0x40 else { return false }
        let domainStart = i + 1
        guard domainStart < n else { return false }
        if s[domainStart] == 0x5B {  // address-literal
            guard s[n - 1] == 0x5D else { return false }
            let start = domainStart + 1
            let end = n - 1
            if end - start > 5, FormatBytes.lower(s[start]) == 0x69, FormatBytes.lower(s[start + 1]) == 0x70,
                FormatBytes.lower(s[start + 2]) == 0x76, s[start + 3] == 0x36, s[start + 4] == 0x3A
            {
                return IPAddressFormats.isIPv6(s, start + 5, end)
            }
            return IPAddressFormats.isIPv4(s, start, end)
        }
        return international
            ? HostnameFormats.isIDNHostname(s, domainStart, n) : HostnameFormats.isHostname(s, domainStart, n)
    }

    /// RFC 5322 `atext`.
    private static func isAtext(_ b: UInt8) -> Bool {
        if FormatBytes.isAlphaNumeric(b) { return true }
        switch b {
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2F, 0x3D, 0x3F, 0x5E, 0x5F, 0x60,
            0x7B, 0x7C, 0x7D, 0x7E:
            return true
        default: return false
        }
    }
}
