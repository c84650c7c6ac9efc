// `json-pointer` (RFC 6901 §3) and `relative-json-pointer`
// (draft-handrews-relative-json-pointer-01 §3, as referenced by JSON Schema 2019-09/2020-12):
//
//   json-pointer    = *( "/" reference-token )
//   reference-token = *( unescaped / escaped )
//   escaped         = "~" ( "0" / "1" )
//
//   relative-json-pointer = non-negative-integer ( "#" / json-pointer )
//   non-negative-integer  = "0" / %x31-39 *%x30-39
//
// Any other character, control characters included, is `unescaped`. The index-manipulation
// extension of later relative-pointer drafts (`0+1/foo`) is not accepted.

enum JSONPointerFormats {
    /// `json-pointer` over `s[start...]`.
    static func isJSONPointer(_ s: Span<UInt8>, _ start: Int) -> Bool {
        let n = s.count
        guard start < n else { return true }
        guard s[start] == 0x2F else { return false }
        var i = start + 1
        while i < n {
            if s[i] == 0x7E {
                guard i + 1 < n, s[i + 1] == 0x30 || s[i + 1] == 0x31 else { return false }
                i += 2
            } else {
                i += 1
            }
        }
        return true
    }

    /// `relative-json-pointer`.
    static func isRelativeJSONPointer(_ s: Span<UInt8>) -> Bool {
        let n = s.count
        guard n > 0, FormatBytes.isDigit(s[0]) else { return false }
        var i = 1
        if s[0] != 0x30 {
            while i < n, FormatBytes.isDigit(s[i]) { i += 1 }
        }
        if i < n, s[i] == 0x23 { return i + 1 == n }
        return isJSONPointer(s, i)
    }
}
