/// The state of one validation run: collected errors, the current instance and keyword paths
/// (only kept while errors are collected), the dynamic scope for `$dynamicRef` and
/// `$recursiveRef`, and the recursion guard.
struct ValidationContext {
    /// Whether errors are collected (`validate`) or evaluation stops at the first failure
    /// without building any message (`isValid`).
    let collectsErrors: Bool
    /// Whether `unevaluated*` annotations are tracked.
    let tracksAnnotations: Bool
    /// Whether schema resources entered are recorded for dynamic references.
    let tracksDynamicScope: Bool
    let assertsFormat: Bool
    let regexStepLimit: Int
    let maxDepth: Int

    var errors: [ValidationError] = []
    var instancePath: [String] = []
    var keywordPath: [String] = []
    var dynamicScope: [SchemaResource] = []
    var depth = 0

    init(schema: CompiledSchema, collectsErrors: Bool) {
        self.collectsErrors = collectsErrors
        self.tracksAnnotations = schema.tracksAnnotations
        self.tracksDynamicScope = schema.tracksDynamicScope
        self.assertsFormat = schema.options.assertsFormat
        self.regexStepLimit = schema.options.regexStepLimit
        self.maxDepth = schema.options.maxEvaluationDepth
    }

    @inline(__always)
    mutating func pushKeyword(_ token: String) {
        if collectsErrors { keywordPath.append(token) }
    }

    @inline(__always)
    mutating func pushKeyword(_ token: String, _ second: String) {
        if collectsErrors {
            keywordPath.append(token)
            keywordPath.append(second)
        }
    }

    @inline(__always)
    mutating func popKeyword(_ count: Int = 1) {
        if collectsErrors { keywordPath.removeLast(count) }
    }

    @inline(__always)
    mutating func pushInstance(_ token: String) {
        if collectsErrors { instancePath.append(token) }
    }

    @inline(__always)
    mutating func pushInstance(_ index: Int) {
        if collectsErrors { instancePath.append(String(index)) }
    }

    @inline(__always)
    mutating func popInstance() {
        if collectsErrors { instancePath.removeLast() }
    }

    /// Records a failure of `keyword` at the current locations.
    @inline(__always)
    mutating func fail(_ location: KeywordLocation, _ message: @autoclosure () -> String) {
        guard collectsErrors else { return }
        var keywordTokens = keywordPath
        if !location.name.isEmpty { keywordTokens.append(location.name) }
        errors.append(
            ValidationError(
                instanceLocation: JSONPointer(tokens: instancePath),
                keywordLocation: JSONPointer(tokens: keywordTokens),
                absoluteKeywordLocation: location.absolute,
                keyword: location.name.isEmpty ? "false" : location.name,
                message: message()))
    }

    /// The number of errors so far, to roll back to when a branch's failure does not count.
    var errorMark: Int { errors.count }

    /// Drops errors recorded since `mark` (a passing `anyOf` branch, a `not`, an `if`).
    @inline(__always)
    mutating func rollBack(to mark: Int) {
        if collectsErrors, errors.count > mark { errors.removeSubrange(mark...) }
    }
}

/// A keyword's name and absolute location, kept for error reports.
struct KeywordLocation: Sendable {
    /// The keyword, or the empty string for a boolean `false` schema.
    let name: String
    /// The keyword's absolute location, `uri#/pointer/keyword`.
    let absolute: String
}
