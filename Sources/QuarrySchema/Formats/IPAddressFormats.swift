// `ipv4` (RFC 2673 §3.2 dotted quad, as referenced by JSON Schema) and `ipv6` (RFC 4291 §2.2).
//
// IPv4: exactly four decimal octets 0–255 separated by dots, ASCII digits only, no leading
// zeros (`01` is rejected because many parsers read it as octal), no whitespace.
//
// IPv6: eight 1–4-digit hex groups, at most one `::` standing for one or more zero groups,
// optionally ending in an embedded dotted-quad IPv4 that counts as two groups. No zone index
// (`%eth0`), no prefix length, no brackets.

enum IPAddressFormats {
    /// `IPv4address` occupying exactly `s[start..<end]`.
    static func isIPv4(_ s: Span<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard start >= 0, end <= s.count, end - start >= 7, end - start <= 15 else { return false }
        var i = start
        for octet in 0..<4 {
            if octet > 0 {
                guard i < end, s[i] == 0x2E else { return false }
                i += 1
            }
            let digitsStart = i
            var value = 0
            while i < end, i - digitsStart < 3, FormatBytes.isDigit(s[i]) {
                value = value * 10 + Int(s[i] &- 0x30)
                i += 1
            }
            let count = i - digitsStart
            guard count > 0, value <= 255, count == 1 || s[digitsStart] != 0x30 else { return false }
        }
        return i == end
    }

    /// `IPv6address` occupying exactly `s[start..<end]`.
    static func isIPv6(_ s: Span<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard start >= 0, end <= s.count, end - start >= 2, end - start <= 45 else { return false }
        var i = start
        var groups = 0
        var compressed = false
        if s[i] == 0x3A {
            guard s[i + 1] == 0x3A else { return false }
            compressed = true
            i += 2
            if i == end { return true }
        }
        while true {
            let pieceStart = i
            while i < end, i - pieceStart < 5, FormatBytes.isHexDigit(s[i]) { i += 1 }
            if i < end, s[i] == 0x2E {
                // Embedded IPv4: the rest of the address, worth two groups.
                guard isIPv4(s, pieceStart, end) else { return false }
                groups += 2
                break
            }
            let count = i - pieceStart
            guard count >= 1, count <= 4 else { return false }
            groups += 1
            if i == end { break }
            guard s[i] == 0x3A else { return false }
            i += 1
            guard i < end else { return false }  // a single trailing colon
            if s[i] == 0x3A {
                guard !compressed else { return false }
                compressed = true
                i += 1
                if i == end { break }
            }
            guard groups < 8 else { return false }
        }
        return compressed ? groups <= 7 : groups == 8
    }
}
