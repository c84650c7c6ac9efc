/// Schema regression evals: cases beside each schema, per-field scores, baselines and a CI gate.
///
/// Start with ``EvalSuite`` (a schema and its cases), run it with ``EvalRunner``, compare the
/// result with a ``Baseline`` through ``Gate``, and write reports with ``EvalReport``.
public enum QuarryEvals {
    /// The version of the baseline file format (`"format"` in `<name>.baseline.json`).
    public static let baselineFormatVersion = 1
}
