import QuarrySchema

/// The JSON rendering: every suite's summary, fields, cases (with their mistakes) and verdict.
struct JSONReport {
    let report: EvalReport

    func render() -> String {
        let root: JSONValue = [
            "passed": .bool(report.passed),
            "load_errors": .array(report.loadErrors.map { .string($0) }),
            "suites": .array(report.suites.map(suite)),
        ]
        return root.serialized(pretty: true) + "\n"
    }

    static func counts(_ counts: FieldCounts) -> JSONValue {
        [
            "correct": .number(JSONNumber(counts.correct)), "wrong": .number(JSONNumber(counts.wrong)),
            "omitted": .number(JSONNumber(counts.omitted)), "invented": .number(JSONNumber(counts.invented)),
            "precision": Baseline.number(counts.precision), "recall": Baseline.number(counts.recall),
            "f1": Baseline.number(counts.f1),
        ]
    }

    private func suite(_ suite: EvalReport.Suite) -> JSONValue {
        let result = suite.result
        let verdict = suite.verdict
        var object: JSONObject = [
            "schema": .string(result.name),
            "schema_path": .string(result.paths.schema),
            "schema_hash": .string(result.schemaHash),
            "prompt_hash": .string(result.promptHash),
            "model": .string(result.model),
            "cases": .number(JSONNumber(result.cases.count)),
            "passed_cases": .number(JSONNumber(result.passedCount)),
            "valid_cases": .number(JSONNumber(result.validCount)),
            "validity_rate": Baseline.number(result.validityRate),
            "mean_attempts": Baseline.number(result.meanAttempts),
            "tokens": .number(JSONNumber(result.usage.totalTokens)),
            "cost": Baseline.number(result.cost),
            "pass_threshold": Baseline.number(result.passThreshold),
            "counts": Self.counts(result.counts),
        ]
        object["fields"] = .array(
            result.fieldScores.map { score in
                [
                    "field": .string(score.field), "critical": .bool(score.isCritical),
                    "compared": .string(score.comparison), "counts": Self.counts(score.counts),
                ]
            })
        object["case_results"] = .array(result.cases.map { caseJSON($0, suite: suite) })
        var gate: JSONObject = [
            "passed": .bool(verdict.passed),
            "failures": .array(verdict.failures.map { .string($0) }),
            "warnings": .array(verdict.warnings.map { .string($0) }),
            "schema_changed": .bool(verdict.schemaChanged),
            "schema_changes": .array(
                verdict.schemaChanges.map { change in
                    [
                        "kind": .string(change.kind.rawValue), "breaking": .bool(change.isBreaking),
                        "path": .string(change.instancePath), "message": .string(change.message),
                        "old_location": change.oldLocation.map { .string($0.description) } ?? .null,
                        "new_location": change.newLocation.map { .string($0.description) } ?? .null,
                    ]
                }),
            "critical_regressions": .array(
                verdict.criticalRegressions.map { regression in
                    [
                        "case": .string(regression.caseID), "pointer": .string(regression.pointer.description),
                        "now": .string(regression.now.result.rawValue),
                    ]
                }),
        ]
        if let test = verdict.pairedTest {
            gate["paired_test"] = [
                "test": "exact McNemar, one-sided", "newly_failing": .number(JSONNumber(test.regressions)),
                "newly_passing": .number(JSONNumber(test.improvements)), "p_value": Baseline.number(test.pValue),
                "alpha": Baseline.number(test.alpha), "significant": .bool(test.isSignificant),
            ]
        }
        object["gate"] = .object(gate)
        object["problems"] = .array(result.problems.map { .string($0.description) })
        return .object(object)
    }

    private func caseJSON(_ caseResult: CaseResult, suite: EvalReport.Suite) -> JSONValue {
        var object: JSONObject = [
            "id": .string(caseResult.id),
            "source": .string(caseResult.evalCase.source.description),
            "tags": .array(caseResult.evalCase.tags.map { .string($0) }),
            "passed": .bool(caseResult.passed),
            "valid": .bool(caseResult.isValid),
            "f1": Baseline.number(caseResult.f1),
            "counts": Self.counts(caseResult.counts),
        ]
        switch suite.status(of: caseResult) {
        case .passed: object["status"] = "passed"
        case .failing(let why): object["status"] = ["failing": .string(why)]
        case .regressed(let why): object["status"] = ["regressed": .string(why)]
        case .error(let why): object["status"] = ["error": .string(why)]
        }
        if let run = caseResult.run {
            object["attempts"] = .number(JSONNumber(run.attempts))
            object["tokens"] = .number(JSONNumber(run.usage.totalTokens))
            object["cost"] = Baseline.number(run.cost)
            if case .failed(let why) = run.status { object["extraction_error"] = .string(why) }
        }
        if let truncation = caseResult.truncation {
            object["truncation"] = [
                "keep": .string(truncation.rule.keep.rawValue),
                "max_tokens": .number(JSONNumber(truncation.rule.maxTokens)),
                "original_tokens": .number(JSONNumber(truncation.originalTokens)),
                "kept_tokens": .number(JSONNumber(truncation.keptTokens)),
                "original_characters": .number(JSONNumber(truncation.originalCharacters)),
                "kept_characters": .number(JSONNumber(truncation.keptCharacters)),
            ]
        }
        if let error = caseResult.error { object["error"] = .string(error) }
        object["mistakes"] = .array(
            caseResult.mistakes.map { outcome in
                [
                    "pointer": .string(outcome.pointer.description), "field": .string(outcome.field),
                    "result": .string(outcome.result.rawValue), "expected": outcome.expected ?? .null,
                    "actual": outcome.actual ?? .null, "critical": .bool(outcome.isCritical),
                ]
            })
        return .object(object)
    }
}
