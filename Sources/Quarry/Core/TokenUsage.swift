/// Tokens a request used, as the provider reported them.
public struct TokenUsage: Sendable, Hashable, Codable {
    /// Tokens read (the prompt).
    public var inputTokens: Int
    /// Tokens written (the reply).
    public var outputTokens: Int
    /// Input tokens served from the provider's prompt cache, when reported.
    public var cachedInputTokens: Int

    /// No tokens.
    public static let zero = TokenUsage(inputTokens: 0, outputTokens: 0)

    /// Creates a usage record.
    public init(inputTokens: Int, outputTokens: Int, cachedInputTokens: Int = 0) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedInputTokens = cachedInputTokens
    }

    /// Input plus output tokens.
    public var totalTokens: Int { inputTokens + outputTokens }

    /// The sum of two usages.
    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(
            inputTokens: lhs.inputTokens + rhs.inputTokens, outputTokens: lhs.outputTokens + rhs.outputTokens,
            cachedInputTokens: lhs.cachedInputTokens + rhs.cachedInputTokens)
    }
}
