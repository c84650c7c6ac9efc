/// How a long input is cut to a token budget before extraction.
///
/// Cutting is deterministic (see ``TokenEstimator``), happens at piece boundaries, and is
/// recorded with the case's result as a ``TruncationRecord``. In a cases file:
/// `"truncate": {"max_tokens": 600, "keep": "head_and_tail"}`.
public struct TruncationRule: Sendable, Hashable {
    /// Which part of the text survives.
    public enum Keep: String, Sendable, Hashable, CaseIterable {
        /// The beginning of the text.
        case head
        /// The first two thirds of the budget from the beginning and the rest from the end,
        /// joined by a marker line saying how many tokens were left out.
        case headAndTail = "head_and_tail"
    }

    /// The most tokens the input may take, by ``TokenEstimator``.
    public var maxTokens: Int
    /// Which part survives.
    public var keep: Keep

    /// Creates a rule.
    public init(maxTokens: Int, keep: Keep = .head) {
        self.maxTokens = maxTokens
        self.keep = keep
    }

    /// Cuts `text` to the budget; the record is `nil` when the text already fits.
    public func apply(to text: String, estimator: TokenEstimator = TokenEstimator()) -> (String, TruncationRecord?) {
        let pieces = estimator.pieces(of: text)
        let total = pieces.reduce(0) { $0 + $1.tokens }
        guard total > maxTokens else { return (text, nil) }
        switch keep {
        case .head:
            let head = Self.prefix(of: pieces, within: maxTokens, in: text)
            let kept = String(text[text.startIndex..<head.end])
            return (
                kept,
                TruncationRecord(
                    rule: self, originalTokens: total, keptTokens: head.tokens,
                    originalCharacters: text.count, keptCharacters: kept.count)
            )
        case .headAndTail:
            // The marker's own tokens count against the budget; its number is the most it can be.
            let marker = { (omitted: Int) in "\n[… \(omitted) tokens omitted …]\n" }
            let markerTokens = estimator.count(marker(total))
            let available = max(maxTokens - markerTokens, 0)
            let headBudget = available * 2 / 3
            let head = Self.prefix(of: pieces, within: headBudget, in: text)
            let tail = Self.suffix(of: pieces, within: available - head.tokens, after: head.count, in: text)
            let omitted = total - head.tokens - tail.tokens
            let kept =
                String(text[text.startIndex..<head.end]) + marker(omitted) + String(text[tail.start..<text.endIndex])
            return (
                kept,
                TruncationRecord(
                    rule: self, originalTokens: total, keptTokens: estimator.count(kept),
                    originalCharacters: text.count, keptCharacters: kept.count)
            )
        }
    }

    private static func prefix(of pieces: [TokenEstimator.Piece], within budget: Int, in text: String) -> (
        end: String.Index, tokens: Int, count: Int
    ) {
        var tokens = 0
        var count = 0
        for piece in pieces {
            if tokens + piece.tokens > budget { break }
            tokens += piece.tokens
            count += 1
        }
        // Trailing white space is not worth keeping at a cut.
        while count > 0, pieces[count - 1].tokens == 0 { count -= 1 }
        return (count > 0 ? pieces[count - 1].range.upperBound : text.startIndex, tokens, count)
    }

    private static func suffix(
        of pieces: [TokenEstimator.Piece], within budget: Int, after headCount: Int, in text: String
    ) -> (start: String.Index, tokens: Int) {
        var tokens = 0
        var first = pieces.count
        var index = pieces.count - 1
        while index >= headCount {
            if tokens + pieces[index].tokens > budget { break }
            tokens += pieces[index].tokens
            first = index
            index -= 1
        }
        // Leading white space is not worth keeping at a cut.
        while first < pieces.count, pieces[first].tokens == 0 { first += 1 }
        return (first < pieces.count ? pieces[first].range.lowerBound : text.endIndex, tokens)
    }
}

/// What truncation did to a case's input; kept with the result so reports show it.
public struct TruncationRecord: Sendable, Hashable {
    /// The rule applied.
    public var rule: TruncationRule
    /// The input's estimated tokens before cutting.
    public var originalTokens: Int
    /// The estimated tokens of the text sent.
    public var keptTokens: Int
    /// Characters before cutting.
    public var originalCharacters: Int
    /// Characters sent.
    public var keptCharacters: Int

    /// Creates a record.
    public init(
        rule: TruncationRule, originalTokens: Int, keptTokens: Int, originalCharacters: Int, keptCharacters: Int
    ) {
        self.rule = rule
        self.originalTokens = originalTokens
        self.keptTokens = keptTokens
        self.originalCharacters = originalCharacters
        self.keptCharacters = keptCharacters
    }

    /// `cut to 600 of 4210 tokens (head_and_tail)`.
    public var summary: String {
        "cut to \(keptTokens) of \(originalTokens) tokens (\(rule.keep.rawValue))"
    }
}
