import Quarry
import QuarryCodegen
import QuarrySchema

/// Schema regression evals: cases beside each schema, per-field scores, baselines and a CI gate.
///
/// This module is a placeholder until the evals land.
public enum QuarryEvals {
    /// The version of the baseline file format.
    public static let baselineFormatVersion = 0
}
