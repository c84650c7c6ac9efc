/// An exact JSON number.
///
/// JSON numbers are decimal text; `JSONNumber` keeps them as exact decimals rather than
/// `Double`s, so integers of any length survive, `1.0 == 1`, and `0.3` is a multiple of `0.1`.
/// Most numbers fit a fast 64-bit representation; others fall back to an arbitrary-precision
/// decimal. Every number has exactly one representation, so equality and hashing are by value.
public struct JSONNumber: Sendable, Hashable {
    enum Storage: Sendable, Hashable {
        /// An integer that fits in 64 bits.
        case integer(Int64)
        /// `significand × 10^exponent` with `exponent < 0` and a significand not divisible by 10.
        case decimal(significand: Int64, exponent: Int)
        /// Everything else: very long integers, very many digits, very large exponents.
        case big(BigDecimal)
    }

    let storage: Storage

    init(storage: Storage) { self.storage = storage }

    /// Creates a number from an integer.
    public init(_ value: Int) { storage = .integer(Int64(value)) }

    /// Creates a number from a 64-bit integer.
    public init(_ value: Int64) { storage = .integer(value) }

    /// Creates a number from the shortest decimal text that round-trips `value`; `nil` for
    /// infinities and NaN, which JSON cannot express.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        if value == value.rounded(.towardZero), abs(value) < 9.0e15 {
            storage = .integer(Int64(value))
            return
        }
        guard let number = JSONNumber(text: value.description) else { return nil }
        self = number
    }

    /// Parses JSON number text such as `-12.50e3`; `nil` when the text is not a JSON number.
    public init?(text: String) {
        var bytes = Array(text.utf8)
        guard let number = bytes.withUnsafeMutableBufferPointer({ JSONNumber.parse($0[...]) }) else { return nil }
        self = number
    }

    /// Builds a normalized number from a sign, decimal digits (values 0–9) and an exponent:
    /// the value is `±digits × 10^exponent`.
    static func normalized(negative: Bool, digits: some Collection<UInt8>, exponent: Int) -> JSONNumber {
        var start = digits.startIndex
        while start != digits.endIndex, digits[start] == 0 { start = digits.index(after: start) }
        var trimmed = Array(digits[start...])
        var exponent = exponent
        while let last = trimmed.last, last == 0 {
            trimmed.removeLast()
            exponent = exponent.addingSaturating(1)
        }
        if trimmed.isEmpty { return JSONNumber(storage: .integer(0)) }
        if trimmed.count <= 19, let significand = Int64(digits: trimmed, negative: negative) {
            if exponent == 0 { return JSONNumber(storage: .integer(significand)) }
            if exponent < 0 { return JSONNumber(storage: .decimal(significand: significand, exponent: exponent)) }
            if exponent <= 18, let scaled = significand.multipliedExactly(byPowerOfTen: exponent) {
                return JSONNumber(storage: .integer(scaled))
            }
        }
        return JSONNumber(storage: .big(BigDecimal(isNegative: negative, digits: trimmed, exponent: exponent)))
    }

    /// Builds a normalized number from a 64-bit significand magnitude and an exponent.
    @inline(__always)
    static func normalized(negative: Bool, significand: UInt64, exponent: Int) -> JSONNumber {
        var significand = significand
        var exponent = exponent
        if significand == 0 { return JSONNumber(storage: .integer(0)) }
        while significand % 10 == 0 {
            significand /= 10
            exponent += 1
        }
        if significand <= UInt64(Int64.max) {
            let signed = negative ? -Int64(significand) : Int64(significand)
            if exponent == 0 { return JSONNumber(storage: .integer(signed)) }
            if exponent < 0 { return JSONNumber(storage: .decimal(significand: signed, exponent: exponent)) }
            if exponent <= 18, let scaled = signed.multipliedExactly(byPowerOfTen: exponent) {
                return JSONNumber(storage: .integer(scaled))
            }
        }
        return normalized(negative: negative, digits: significand.decimalDigits, exponent: exponent)
    }

    /// Parses JSON number bytes; `nil` when they are not exactly one JSON number.
    static func parse(_ bytes: Slice<UnsafeMutableBufferPointer<UInt8>>) -> JSONNumber? {
        var position = bytes.startIndex
        let end = bytes.endIndex
        var negative = false
        if position < end, bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        var digits: [UInt8] = []
        guard position < end, bytes[position].isASCIIDigit else { return nil }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            digits.append(0)
        } else {
            while position < end, bytes[position].isASCIIDigit {
                digits.append(bytes[position] &- 48)
                position += 1
            }
        }
        var exponent = 0
        if position < end, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < end, bytes[position].isASCIIDigit else { return nil }
            while position < end, bytes[position].isASCIIDigit {
                digits.append(bytes[position] &- 48)
                exponent -= 1
                position += 1
            }
        }
        if position < end, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            var exponentNegative = false
            if position < end, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                exponentNegative = bytes[position] == UInt8(ascii: "-")
                position += 1
            }
            guard position < end, bytes[position].isASCIIDigit else { return nil }
            var written = 0
            while position < end, bytes[position].isASCIIDigit {
                written = min(written * 10 + Int(bytes[position] &- 48), 1_000_000_000_000)
                position += 1
            }
            exponent = exponent.addingSaturating(exponentNegative ? -written : written)
        }
        guard position == end else { return nil }
        return normalized(negative: negative, digits: digits, exponent: exponent)
    }

    /// Whether the number is a whole number (`1.0` is; JSON Schema's `integer` type since draft 6).
    public var isInteger: Bool {
        switch storage {
        case .integer: return true
        case .decimal: return false
        case .big(let big): return big.exponent >= 0
        }
    }

    /// Whether the number is below zero.
    public var isNegative: Bool {
        switch storage {
        case .integer(let value): return value < 0
        case .decimal(let significand, _): return significand < 0
        case .big(let big): return big.isNegative
        }
    }

    /// Whether the number is zero.
    public var isZero: Bool {
        if case .integer(0) = storage { return true }
        return false
    }

    /// The value as an `Int64`, when it is an integer in range.
    public var int64Value: Int64? {
        if case .integer(let value) = storage { return value }
        return nil
    }

    /// The value as an `Int`, when it is an integer in range.
    public var intValue: Int? { int64Value.flatMap { Int(exactly: $0) } }

    /// The nearest `Double` (may be rounded, or infinite for huge exponents).
    public var doubleValue: Double {
        switch storage {
        case .integer(let value): return Double(value)
        default: return Double(description) ?? .nan
        }
    }

    /// `±digits × 10^exponent` for any representation.
    var bigDecimal: BigDecimal {
        switch storage {
        case .integer(let value):
            return BigDecimal(isNegative: value < 0, digits: value.magnitude.decimalDigits, exponent: 0)
        case .decimal(let significand, let exponent):
            return BigDecimal(
                isNegative: significand < 0, digits: significand.magnitude.decimalDigits, exponent: exponent)
        case .big(let big):
            return big
        }
    }

    /// The significand and exponent when both fit 64 bits.
    @inline(__always)
    var smallParts: (significand: Int64, exponent: Int)? {
        switch storage {
        case .integer(let value): return (value, 0)
        case .decimal(let significand, let exponent): return (significand, exponent)
        case .big: return nil
        }
    }
}

extension JSONNumber: Comparable {
    /// Compares two numbers exactly.
    public static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        compare(lhs, rhs) < 0
    }

    /// Returns a negative number, zero or a positive number as `lhs` is less than, equal to or
    /// greater than `rhs`.
    static func compare(_ lhs: JSONNumber, _ rhs: JSONNumber) -> Int {
        if case .integer(let left) = lhs.storage, case .integer(let right) = rhs.storage {
            return left < right ? -1 : (left == right ? 0 : 1)
        }
        if let left = lhs.smallParts, let right = rhs.smallParts {
            let exponent = min(left.exponent, right.exponent)
            if let scaledLeft = left.significand.multipliedExactly(byPowerOfTen: left.exponent - exponent),
                let scaledRight = right.significand.multipliedExactly(byPowerOfTen: right.exponent - exponent)
            {
                return scaledLeft < scaledRight ? -1 : (scaledLeft == scaledRight ? 0 : 1)
            }
        }
        return BigDecimal.compare(lhs.bigDecimal, rhs.bigDecimal)
    }
}

extension JSONNumber {
    /// Whether this number divided by `divisor` is an integer, computed exactly.
    ///
    /// `divisor` must be positive (JSON Schema's `multipleOf` requires it). Exponent gaps beyond
    /// a hundred thousand digits with a divisor of more than 19 digits fall back to `Double`.
    public func isMultiple(of divisor: JSONNumber) -> Bool {
        if divisor.isZero { return false }
        if isZero { return true }
        if let value = smallParts, let step = divisor.smallParts {
            let exponent = min(value.exponent, step.exponent)
            if let scaledValue = value.significand.multipliedExactly(byPowerOfTen: value.exponent - exponent),
                let scaledStep = step.significand.multipliedExactly(byPowerOfTen: step.exponent - exponent)
            {
                return scaledValue.remainderReportingOverflow(dividingBy: scaledStep).partialValue == 0
            }
        }
        return BigDecimal.isMultiple(bigDecimal, of: divisor.bigDecimal)
    }
}

extension JSONNumber: CustomStringConvertible {
    /// The number as JSON text: plain notation for ordinary magnitudes, exponent notation for
    /// very large or very small ones.
    public var description: String {
        switch storage {
        case .integer(let value):
            return String(value)
        case .decimal(let significand, let exponent):
            return BigDecimal.format(
                negative: significand < 0, digits: String(significand.magnitude), exponent: exponent)
        case .big(let big):
            return BigDecimal.format(
                negative: big.isNegative, digits: String(decoding: big.digits.map { $0 + 48 }, as: UTF8.self),
                exponent: big.exponent)
        }
    }
}

extension JSONNumber: ExpressibleByIntegerLiteral {
    /// Creates a number from an integer literal.
    public init(integerLiteral value: Int) { self.init(value) }
}

extension UInt8 {
    @inline(__always)
    var isASCIIDigit: Bool { self &- 48 < 10 }
}

extension Int {
    @inline(__always)
    func addingSaturating(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        if overflow { return other > 0 ? .max : .min }
        return sum
    }
}

extension Int64 {
    /// Powers of ten that fit in an `Int64`.
    static let powersOfTen: [Int64] = (0...18).map { power in
        var value: Int64 = 1
        for _ in 0..<power { value *= 10 }
        return value
    }

    /// `self × 10^power`, or `nil` on overflow.
    @inline(__always)
    func multipliedExactly(byPowerOfTen power: Int) -> Int64? {
        if power == 0 { return self }
        guard power > 0, power <= 18 else { return power < 0 ? nil : (self == 0 ? 0 : nil) }
        let (product, overflow) = multipliedReportingOverflow(by: Int64.powersOfTen[power])
        return overflow ? nil : product
    }

    /// Builds an integer from decimal digits; `nil` on overflow.
    init?(digits: [UInt8], negative: Bool) {
        var magnitude: UInt64 = 0
        for digit in digits {
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(digit))
            if overflow1 || overflow2 { return nil }
            magnitude = sum
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            self = magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)
        } else {
            guard magnitude <= UInt64(Int64.max) else { return nil }
            self = Int64(magnitude)
        }
    }
}

extension UInt64 {
    /// The decimal digits (values 0–9) of this number, most significant first.
    var decimalDigits: [UInt8] {
        if self == 0 { return [0] }
        var digits: [UInt8] = []
        var rest = self
        while rest > 0 {
            digits.append(UInt8(rest % 10))
            rest /= 10
        }
        return digits.reversed()
    }
}
