import Foundation

/// A calendar date read from text in one of several common formats, for comparing dates as
/// dates rather than as strings.
///
/// Read: ISO 8601 (`2025-03-14`, `2025-03`, also the date part of a date-time), `2025/03/14`,
/// `14.03.2025`, `14 March 2025`, `14th Mar 2025`, `March 14, 2025` and `Mar 14 2025`, and
/// `14/03/2025` or `03/14/2025` when one of the first two numbers is above 12 (otherwise
/// day-first and month-first are ambiguous and the text is not read).
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year.
    public var year: Int
    /// The month, 1 to 12.
    public var month: Int
    /// The day of the month, or `nil` for a year-and-month date.
    public var day: Int?

    /// Creates a date; `nil` when the month or day is out of range.
    public init?(year: Int, month: Int, day: Int?) {
        guard (1...12).contains(month) else { return nil }
        if let day {
            guard day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads a date from text; `nil` when no known format matches.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let date = Self.parseNumeric(trimmed) ?? Self.parseWritten(trimmed) else { return nil }
        self = date
    }

    /// `2025-03-14` or `2025-03`.
    public var description: String {
        let base = "\(Self.pad(year, 4))-\(Self.pad(month, 2))"
        return day.map { base + "-" + Self.pad($0, 2) } ?? base
    }

    /// Orders dates by year, month and day (a year-and-month date before its days).
    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day ?? 0) < (rhs.year, rhs.month, rhs.day ?? 0)
    }

    /// Days since 1970-01-01 (the first of the month for a year-and-month date).
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + (day ?? 1) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static let monthNames: [String: Int] = {
        let names = [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december",
        ]
        var table: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            table[name] = index + 1
            table[String(name.prefix(3))] = index + 1
        }
        table["sept"] = 9
        return table
    }()

    private static func parseNumeric(_ text: String) -> CalendarDate? {
        // Split into digit groups and the separators between them.
        var groups: [String] = []
        var separators: [Character] = []
        var current = ""
        var rest = Substring(text)
        // An ISO date-time: keep the date part.
        if let t = rest.firstIndex(where: { $0 == "T" || $0 == " " }), rest[..<t].count == 10 { rest = rest[..<t] }
        for character in rest {
            if character.isASCII, character.isNumber {
                current.append(character)
            } else {
                guard !current.isEmpty, "-./".contains(character) else { return nil }
                groups.append(current)
                separators.append(character)
                current = ""
            }
        }
        guard !current.isEmpty else { return nil }
        groups.append(current)
        guard separators.allSatisfy({ $0 == separators.first }) else { return nil }
        let numbers = groups.compactMap { Int($0) }
        guard numbers.count == groups.count else { return nil }
        switch (groups.count, separators.first) {
        case (2, "-"?) where groups[0].count == 4:
            return CalendarDate(year: numbers[0], month: numbers[1], day: nil)
        case (3, let separator?) where groups[0].count == 4 && separator != ".":
            return CalendarDate(year: numbers[0], month: numbers[1], day: numbers[2])
        case (3, "."?) where groups[2].count == 4:
            return CalendarDate(year: numbers[2], month: numbers[1], day: numbers[0])
        case (3, "/"?) where groups[2].count == 4:
            if numbers[0] > 12 { return CalendarDate(year: numbers[2], month: numbers[1], day: numbers[0]) }
            if numbers[1] > 12 { return CalendarDate(year: numbers[2], month: numbers[0], day: numbers[1]) }
            return nil
        default:
            return nil
        }
    }

    private static func parseWritten(_ text: String) -> CalendarDate? {
        let words = text.lowercased().split { $0 == " " || $0 == "," }.map(String.init)
        guard words.count == 3 else { return nil }
        func dayNumber(_ word: String) -> Int? {
            var digits = word
            for suffix in ["st", "nd", "rd", "th", "."] where digits.hasSuffix(suffix) {
                digits = String(digits.dropLast(suffix.count))
            }
            return Int(digits)
        }
        func monthNumber(_ word: String) -> Int? {
            monthNames[word.hasSuffix(".") ? String(word.dropLast()) : word]
        }
        guard let year = Int(words[2]), words[2].count == 4 else { return nil }
        if let day = dayNumber(words[0]), let month = monthNumber(words[1]) {
            return CalendarDate(year: year, month: month, day: day)
        }
        if let month = monthNumber(words[0]), let day = dayNumber(words[1]) {
            return CalendarDate(year: year, month: month, day: day)
        }
        return nil
    }
}

/// A date and time of day read from RFC 3339 text (`2025-05-06T09:14:00+02:00`, also with a
/// space instead of `T`, without seconds, or without an offset).
public struct Timestamp: Sendable, Hashable {
    /// The calendar date.
    public var date: CalendarDate
    /// Seconds since midnight, local to the text's offset.
    public var secondOfDay: Double
    /// The offset from UTC in seconds, when the text gives one (`Z` is 0).
    public var offsetSeconds: Int?

    /// Reads a timestamp; `nil` when the text is not one.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 16 else { return nil }
        let datePart = String(trimmed.prefix(10))
        let separatorIndex = trimmed.index(trimmed.startIndex, offsetBy: 10)
        guard "Tt ".contains(trimmed[separatorIndex]),
            let date = CalendarDate(parsing: datePart), date.day != nil, datePart.count == 10
        else { return nil }
        var rest = Substring(trimmed[trimmed.index(after: separatorIndex)...])
        var offset: Int?
        if rest.hasSuffix("Z") || rest.hasSuffix("z") {
            offset = 0
            rest = rest.dropLast()
        } else if let sign = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = rest[rest.index(after: sign)...].split(separator: ":")
            guard zone.count == 2, let hours = Int(zone[0]), let minutes = Int(zone[1]), hours < 24, minutes < 60
            else { return nil }
            offset = (hours * 3600 + minutes * 60) * (rest[sign] == "-" ? -1 : 1)
            rest = rest[..<sign]
        }
        let fields = rest.split(separator: ":")
        guard fields.count == 2 || fields.count == 3, let hour = Int(fields[0]), let minute = Int(fields[1]),
            hour < 24, minute < 60
        else { return nil }
        var second = 0.0
        if fields.count == 3 {
            guard let parsed = Double(fields[2]), parsed >= 0, parsed < 61 else { return nil }
            second = parsed
        }
        self.date = date
        self.secondOfDay = Double(hour * 3600 + minute * 60) + second
        self.offsetSeconds = offset
    }

    /// Seconds since 1970-01-01T00:00:00Z, when the offset is known.
    public var epochSeconds: Double? {
        offsetSeconds.map { Double(date.daysSinceEpoch * 86_400) + secondOfDay - Double($0) }
    }

    /// Whether two timestamps name the same moment: the same instant when both give an offset,
    /// otherwise the same local date and time.
    public func isSameMoment(as other: Timestamp) -> Bool {
        if let lhs = epochSeconds, let rhs = other.epochSeconds { return abs(lhs - rhs) < 0.001 }
        return date == other.date && abs(secondOfDay - other.secondOfDay) < 0.001
    }
}
