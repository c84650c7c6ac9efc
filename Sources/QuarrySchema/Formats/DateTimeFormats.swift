// RFC 3339 §5.6 `date-time`, `full-date` (format `date`) and `full-time` (format `time`).
//
//   date-fullyear   = 4DIGIT
//   date-month      = 2DIGIT  ; 01-12
//   date-mday       = 2DIGIT  ; 01-28, 01-29, 01-30, 01-31 based on month/year
//   time-hour       = 2DIGIT  ; 00-23
//   time-minute     = 2DIGIT  ; 00-59
//   time-second     = 2DIGIT  ; 00-58, 00-59, 00-60 based on leap second rules
//   time-secfrac    = "." 1*DIGIT
//   time-numoffset  = ("+" / "-") time-hour ":" time-minute
//   time-offset     = "Z" / time-numoffset
//   partial-time    = time-hour ":" time-minute ":" time-second [time-secfrac]
//   full-date       = date-fullyear "-" date-month "-" date-mday
//   full-time       = partial-time time-offset
//   date-time       = full-date "T" full-time
//
// "T" and "Z" may be lower case (RFC 3339 §5.6 note). A leap second (second 60) is accepted
// only when the time, converted to UTC with its offset, is 23:59:60 — the last minute of a
// UTC day — which is how the JSON Schema Test Suite tests it. Whether a leap second was
// actually inserted on that date is not checked (that needs the IERS table).

enum DateTimeFormats {
    /// `date-time`.
    static func isDateTime(_ s: Span<UInt8>) -> Bool {
        guard s.count >= 20, fullDate(s, 0), s[10] | 0x20 == UInt8(ascii: "t") else { return false }
        return fullTime(s, 11)
    }

    /// `date` (RFC 3339 `full-date`).
    static func isFullDate(_ s: Span<UInt8>) -> Bool {
        s.count == 10 && fullDate(s, 0)
    }

    /// `time` (RFC 3339 `full-time`; the offset is required).
    static func isFullTime(_ s: Span<UInt8>) -> Bool {
        fullTime(s, 0)
    }

    /// Whether `year` is a Gregorian leap year.
    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` (1–12) of `year`.
    static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `full-date` occupying exactly `s[i..<i+10]`.
    private static func fullDate(_ s: Span<UInt8>, _ i: Int) -> Bool {
        guard i + 10 <= s.count, s[i + 4] == 0x2D, s[i + 7] == 0x2D,
            let year = FormatBytes.digits(s, i, 4),
            let month = FormatBytes.digits(s, i + 5, 2),
            let day = FormatBytes.digits(s, i + 8, 2)
        else { return false }
        return (1...12).contains(month) && day >= 1 && day <= daysInMonth(month, year: year)
    }

    /// `full-time` from `i` to the end of `s`.
    private static func fullTime(_ s: Span<UInt8>, _ start: Int) -> Bool {
        let n = s.count
        var i = start
        // partial-time
        guard i + 8 <= n, s[i + 2] == 0x3A, s[i + 5] == 0x3A,
            let hour = FormatBytes.digits(s, i, 2),
            let minute = FormatBytes.digits(s, i + 3, 2),
            let second = FormatBytes.digits(s, i + 6, 2),
            hour <= 23, minute <= 59, second <= 60
        else { return false }
        i += 8
        if i < n, s[i] == 0x2E {  // time-secfrac
            i += 1
            let fractionStart = i
            while i < n, FormatBytes.isDigit(s[i]) { i += 1 }
            guard i > fractionStart else { return false }
        }
        // time-offset
        guard i < n else { return false }
        var offsetMinutes = 0
        switch s[i] {
        case 0x5A, 0x7A:  // Z z
            guard i + 1 == n else { return false }
        case 0x2B, 0x2D:  // + -
            guard i + 6 == n, s[i + 3] == 0x3A,
                let offsetHour = FormatBytes.digits(s, i + 1, 2),
                let offsetMinute = FormatBytes.digits(s, i + 4, 2),
                offsetHour <= 23, offsetMinute <= 59
            else { return false }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (s[i] == 0x2D ? -1 : 1)
        default:
            return false
        }
        if second == 60 {
            // local = UTC + offset, so UTC = local - offset.
            let utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }
}
