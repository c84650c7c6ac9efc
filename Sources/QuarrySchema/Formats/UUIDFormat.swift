// `uuid` (RFC 4122 §3 string representation, also RFC 9562 §4):
//
//   UUID = 8HEXDIG "-" 4HEXDIG "-" 4HEXDIG "-" 4HEXDIG "-" 12HEXDIG
//
// Hex digits may be upper or lower case. Any version and variant nibble is accepted (the
// format only constrains the textual form); no braces, no `urn:uuid:` prefix.

enum UUIDFormat {
    /// `uuid`.
    static func isUUID(_ s: Span<UInt8>) -> Bool {
        guard s.count == 36, s[8] == 0x2D, s[13] == 0x2D, s[18] == 0x2D, s[23] == 0x2D else { return false }
        for i in 0..<36 where i != 8 && i != 13 && i != 18 && i != 23 {
            guard FormatBytes.isHexDigit(s[i]) else { return false }
        }
        return true
    }
}
