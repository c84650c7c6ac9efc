// RFC 3339 Appendix A (ISO 8601 collected ABNF) `duration`:
//
//   dur-second        = 1*DIGIT "S"
//   dur-minute        = 1*DIGIT "M" [dur-second]
//   dur-hour          = 1*DIGIT "H" [dur-minute]
//   dur-time          = "T" (dur-hour / dur-minute / dur-second)
//   dur-day           = 1*DIGIT "D"
//   dur-week          = 1*DIGIT "W"
//   dur-month         = 1*DIGIT "M" [dur-day]
//   dur-year          = 1*DIGIT "Y" [dur-month]
//   dur-date          = (dur-day / dur-month / dur-year) [dur-time]
//   duration          = "P" (dur-date / dur-time / dur-week)
//
// So the date units must be contiguous and ordered (Y, M, D — no gaps: `P1Y2D` is invalid),
// likewise the time units (H, M, S), weeks stand alone, and fractions are not allowed.
// Designators are matched case-insensitively, as ABNF quoted strings are (RFC 5234 §2.3; RFC
// 3339 §5.6 relies on the same rule for "t" and "z").

enum DurationFormat {
    /// `duration`.
    static func isDuration(_ s: Span<UInt8>) -> Bool {
        let n = s.count
        guard n >= 3, s[0] | 0x20 == UInt8(ascii: "p") else { return false }
        var i = 1

        /// Reads `1*DIGIT` and the designator after it; returns the lowercased designator.
        func component() -> UInt8? {
            let start = i
            while i < n, FormatBytes.isDigit(s[i]) { i += 1 }
            guard i > start, i < n else { return nil }
            let designator = FormatBytes.lower(s[i])
            i += 1
            return designator
        }

        /// Reads a run of components whose designators must follow `order` contiguously.
        /// Returns false on a gap, a repeat, an unknown designator or a missing component.
        func run(_ order: [UInt8]) -> Bool {
            guard let first = component(), var position = order.firstIndex(of: first) else { return false }
            while i < n, s[i] | 0x20 != UInt8(ascii: "t") {
                guard let next = component(), position + 1 < order.count, order[position + 1] == next else {
                    return false
                }
                position += 1
            }
            return true
        }

        if s[i] | 0x20 != 0x74 {
            // dur-date or dur-week
            let save = i
            while i < n, FormatBytes.isDigit(s[i]) { i += 1 }
            if i < n, i > save, s[i] | 0x20 == UInt8(ascii: "w") {
                return i + 1 == n
            }
            i = save
            guard run([0x79, 0x6D, 0x64]) else { return false }  // y m d
            if i == n { return true }
        }
        // dur-time
        guard i < n, s[i] | 0x20 == 0x74 else { return false }
        i += 1
        guard i < n, run([0x68, 0x6D, 0x73]) else { return false }  // h m s
        return i == n
    }
}
