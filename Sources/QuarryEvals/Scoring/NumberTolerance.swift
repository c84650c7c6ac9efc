import QuarrySchema

/// How close a number must be to the expected one to count as correct.
///
/// A value is correct when it equals the expected number exactly (as decimals, so `1.0` equals
/// `1`), or differs by at most ``absolute``, or by at most ``relative`` times the expected
/// magnitude. Set with `"x-eval": {"abs": 0.01}` or `"x-eval": {"rel": 0.001}`.
public struct NumberTolerance: Sendable, Hashable {
    /// The largest absolute difference accepted.
    public var absolute: Double
    /// The largest difference accepted, as a fraction of the expected value's magnitude.
    public var relative: Double

    /// Creates a tolerance; the defaults demand exact equality.
    public init(absolute: Double = 0, relative: Double = 0) {
        self.absolute = absolute
        self.relative = relative
    }

    /// Exact equality.
    public static let exact = NumberTolerance()

    /// Whether `actual` is within tolerance of `expected`.
    public func accepts(expected: JSONNumber, actual: JSONNumber) -> Bool {
        if expected == actual { return true }
        let difference = abs(expected.doubleValue - actual.doubleValue)
        // A hair of slack for binary rounding of decimal tolerances (0.01 is not exact in binary).
        let slack = 1e-9 * max(1, abs(expected.doubleValue))
        if absolute > 0, difference <= absolute + slack { return true }
        if relative > 0, difference <= relative * abs(expected.doubleValue) + slack { return true }
        return false
    }
}
