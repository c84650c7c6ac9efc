/// An arbitrary-precision decimal `±digits × 10^exponent`, the slow path of ``JSONNumber``.
///
/// `digits` holds values 0–9, most significant first, with no leading or trailing zeros
/// (zero itself is never stored here).
struct BigDecimal: Sendable, Hashable {
    var isNegative: Bool
    var digits: [UInt8]
    var exponent: Int

    /// Exact three-way comparison.
    static func compare(_ lhs: BigDecimal, _ rhs: BigDecimal) -> Int {
        let leftZero = lhs.digits.allSatisfy { $0 == 0 }
        let rightZero = rhs.digits.allSatisfy { $0 == 0 }
        let leftSign = leftZero ? 0 : (lhs.isNegative ? -1 : 1)
        let rightSign = rightZero ? 0 : (rhs.isNegative ? -1 : 1)
        if leftSign != rightSign { return leftSign < rightSign ? -1 : 1 }
        if leftSign == 0 { return 0 }
        let magnitude = compareMagnitude(lhs, rhs)
        return leftSign > 0 ? magnitude : -magnitude
    }

    /// Compares absolute values.
    static func compareMagnitude(_ lhs: BigDecimal, _ rhs: BigDecimal) -> Int {
        let leftOrder = lhs.digits.count.addingSaturating(lhs.exponent)
        let rightOrder = rhs.digits.count.addingSaturating(rhs.exponent)
        if leftOrder != rightOrder { return leftOrder < rightOrder ? -1 : 1 }
        let length = max(lhs.digits.count, rhs.digits.count)
        for position in 0..<length {
            let left = position < lhs.digits.count ? lhs.digits[position] : 0
            let right = position < rhs.digits.count ? rhs.digits[position] : 0
            if left != right { return left < right ? -1 : 1 }
        }
        return 0
    }

    /// The largest exponent gap handled digit by digit before falling back to `Double`.
    static let exactExponentGap = 100_000

    /// Whether `value / divisor` is an integer; `divisor` is non-zero.
    static func isMultiple(_ value: BigDecimal, of divisor: BigDecimal) -> Bool {
        let exponent = min(value.exponent, divisor.exponent)
        let valueShift = value.exponent - exponent
        let divisorShift = divisor.exponent - exponent
        // The divisor scaled to an integer B = divisor.digits × 10^divisorShift; the value
        // scaled likewise A = value.digits × 10^valueShift. value is a multiple iff A mod B == 0.
        if divisorShift == 0, divisor.digits.count <= 19,
            let modulus = UInt64(exactly: Int64(digits: divisor.digits, negative: false) ?? -1), modulus > 0
        {
            var remainder: UInt64 = 0
            for digit in value.digits {
                remainder = UInt64((UInt128(remainder) * 10 + UInt128(digit)) % UInt128(modulus))
            }
            let scale = powerOfTen(valueShift, modulo: modulus)
            return (UInt128(remainder) * UInt128(scale)) % UInt128(modulus) == 0
        }
        if divisor.digits.count.addingSaturating(divisorShift) > value.digits.count.addingSaturating(valueShift) {
            return false  // |value| < |divisor| and value is non-zero.
        }
        guard valueShift <= exactExponentGap, divisorShift <= exactExponentGap else {
            let quotient =
                (Double(format(negative: false, digits: digitString(value.digits), exponent: value.exponent))
                    ?? .infinity)
                / (Double(format(negative: false, digits: digitString(divisor.digits), exponent: divisor.exponent)) ?? 1)
            return quotient.isFinite ? quotient == quotient.rounded() : true
        }
        let modulus = divisor.digits + [UInt8](repeating: 0, count: divisorShift)
        var remainder: [UInt8] = []
        func feed(_ digit: UInt8) {
            if !(remainder.isEmpty && digit == 0) { remainder.append(digit) }
            while compareDigits(remainder, modulus) >= 0 { subtract(&remainder, modulus) }
        }
        for digit in value.digits { feed(digit) }
        for _ in 0..<valueShift { feed(0) }
        return remainder.isEmpty
    }

    /// `10^power mod modulus`.
    static func powerOfTen(_ power: Int, modulo modulus: UInt64) -> UInt64 {
        var result: UInt128 = 1 % UInt128(modulus)
        var base = UInt128(10 % modulus)
        var power = power
        while power > 0 {
            if power & 1 == 1 { result = result * base % UInt128(modulus) }
            base = base * base % UInt128(modulus)
            power >>= 1
        }
        return UInt64(result)
    }

    /// Compares two digit strings without leading zeros as integers.
    private static func compareDigits(_ lhs: [UInt8], _ rhs: [UInt8]) -> Int {
        if lhs.count != rhs.count { return lhs.count < rhs.count ? -1 : 1 }
        for position in lhs.indices where lhs[position] != rhs[position] {
            return lhs[position] < rhs[position] ? -1 : 1
        }
        return 0
    }

    /// `lhs -= rhs` on digit strings, where `lhs >= rhs`; strips leading zeros.
    private static func subtract(_ lhs: inout [UInt8], _ rhs: [UInt8]) {
        var borrow: UInt8 = 0
        var left = lhs.count - 1
        var right = rhs.count - 1
        while left >= 0 {
            let subtrahend = (right >= 0 ? rhs[right] : 0) + borrow
            if lhs[left] >= subtrahend {
                lhs[left] -= subtrahend
                borrow = 0
            } else {
                lhs[left] = lhs[left] + 10 - subtrahend
                borrow = 1
            }
            left -= 1
            right -= 1
        }
        let firstNonZero = lhs.firstIndex { $0 != 0 } ?? lhs.count
        lhs.removeFirst(firstNonZero)
    }

    static func digitString(_ digits: [UInt8]) -> String {
        String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
    }

    /// Formats `±digits × 10^exponent` as JSON number text.
    static func format(negative: Bool, digits: String, exponent: Int) -> String {
        let sign = negative ? "-" : ""
        let count = digits.utf8.count
        if exponent >= 0 {
            if exponent <= 21 { return sign + digits + String(repeating: "0", count: exponent) }
        } else {
            let pointPosition = count + exponent
            if pointPosition > 0 {
                let index = digits.index(digits.startIndex, offsetBy: pointPosition)
                return sign + digits[..<index] + "." + digits[index...]
            }
            if pointPosition > -7 {
                return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
            }
        }
        let scientificExponent = exponent.addingSaturating(count - 1)
        let mantissa = count == 1 ? digits : String(digits.prefix(1)) + "." + digits.dropFirst()
        return sign + mantissa + "e" + (scientificExponent < 0 ? "-" : "+") + String(scientificExponent.magnitude)
    }
}
