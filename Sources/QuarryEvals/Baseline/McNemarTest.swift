import Foundation

/// The exact McNemar test on paired pass/fail results: did a run fail significantly more
/// cases than its baseline?
///
/// Only discordant cases carry information: `b` cases passed in the baseline and fail now,
/// `c` failed and pass now. With no real change each discordant case is equally likely to go
/// either way, so `b` follows Binomial(`b + c`, ½). The one-sided p-value is the chance of at
/// least `b` regressions among the `b + c` discordant cases: P(X ≥ b). A run regresses when
/// `b > c` and the p-value is below ``alpha`` (default 0.05).
///
/// With α = 0.05 and no improvements (`c = 0`), 5 newly failing cases are needed
/// (p = 1/32 ≈ 0.031); 4 are not enough (p = 1/16). With one improvement, 7 (p ≈ 0.035).
/// Small suites therefore only fail this test on large drops; critical fields are gated case
/// by case instead.
public struct McNemarTest: Sendable, Hashable {
    /// Cases that passed in the baseline and fail now.
    public var regressions: Int
    /// Cases that failed in the baseline and pass now.
    public var improvements: Int
    /// The significance level.
    public var alpha: Double

    /// Creates the test.
    public init(regressions: Int, improvements: Int, alpha: Double = 0.05) {
        self.regressions = regressions
        self.improvements = improvements
        self.alpha = alpha
    }

    /// P(X ≥ regressions) for X ~ Binomial(regressions + improvements, ½); 1 with no discordant
    /// cases.
    public var pValue: Double {
        let n = regressions + improvements
        guard n > 0, regressions > 0 else { return 1 }
        var total = 0.0
        for k in regressions...n { total += exp(Self.logChoose(n, k) - Double(n) * log(2)) }
        return min(1, total)
    }

    /// Whether the drop is significant: more regressions than improvements and p < alpha.
    public var isSignificant: Bool { regressions > improvements && pValue < alpha }

    private static func logChoose(_ n: Int, _ k: Int) -> Double {
        lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
    }
}
