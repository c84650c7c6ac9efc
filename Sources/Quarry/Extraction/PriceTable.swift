/// Prices per million tokens, for cost estimates. The defaults are list prices at the time of
/// writing and will drift: set your own with ``Quarry/priceTable``.
public struct PriceTable: Sendable, Hashable {
    /// The price of one model.
    public struct Price: Sendable, Hashable {
        /// US dollars per million input tokens.
        public var inputPerMillion: Double
        /// US dollars per million output tokens.
        public var outputPerMillion: Double
        /// US dollars per million cached input tokens.
        public var cachedInputPerMillion: Double

        /// Creates a price.
        public init(inputPerMillion: Double, outputPerMillion: Double, cachedInputPerMillion: Double? = nil) {
            self.inputPerMillion = inputPerMillion
            self.outputPerMillion = outputPerMillion
            self.cachedInputPerMillion = cachedInputPerMillion ?? inputPerMillion
        }
    }

    /// Prices by model name; a model matches the longest key that prefixes it.
    public var prices: [String: Price]

    /// Creates a table.
    public init(prices: [String: Price]) {
        self.prices = prices
    }

    /// Estimated list prices for common models (US dollars per million tokens).
    public static let standard = PriceTable(prices: [
        "gpt-4.1": Price(inputPerMillion: 2, outputPerMillion: 8, cachedInputPerMillion: 0.5),
        "gpt-4.1-mini": Price(inputPerMillion: 0.4, outputPerMillion: 1.6, cachedInputPerMillion: 0.1),
        "gpt-4.1-nano": Price(inputPerMillion: 0.1, outputPerMillion: 0.4, cachedInputPerMillion: 0.025),
        "gpt-4o": Price(inputPerMillion: 2.5, outputPerMillion: 10, cachedInputPerMillion: 1.25),
        "gpt-4o-mini": Price(inputPerMillion: 0.15, outputPerMillion: 0.6, cachedInputPerMillion: 0.075),
        "claude-sonnet-4": Price(inputPerMillion: 3, outputPerMillion: 15, cachedInputPerMillion: 0.3),
        "claude-haiku-4": Price(inputPerMillion: 1, outputPerMillion: 5, cachedInputPerMillion: 0.1),
        "claude-opus-4": Price(inputPerMillion: 15, outputPerMillion: 75, cachedInputPerMillion: 1.5),
        "gemini-2.5-flash": Price(inputPerMillion: 0.3, outputPerMillion: 2.5),
        "gemini-2.5-pro": Price(inputPerMillion: 1.25, outputPerMillion: 10),
        "smollm2": Price(inputPerMillion: 0, outputPerMillion: 0),
    ])

    /// The price of `model`, by longest matching prefix.
    public func price(for model: String) -> Price? {
        // The model itself is the longest prefix it can have.
        if let exact = prices[model] { return exact }
        var best: (length: Int, price: Price)?
        for (key, price) in prices where model.hasPrefix(key) {
            // Keys that prefix the same model prefix one another: the longer is the closer match.
            let length = key.utf8.count
            if length > best?.length ?? -1 { best = (length, price) }
        }
        return best?.price
    }

    /// The estimated cost of `usage` on `model`, or `nil` when the model has no price.
    public func cost(of usage: TokenUsage, model: String) -> Double? {
        guard let price = price(for: model) else { return nil }
        let uncached = max(usage.inputTokens - usage.cachedInputTokens, 0)
        return
            (Double(uncached) * price.inputPerMillion + Double(usage.cachedInputTokens) * price.cachedInputPerMillion
            + Double(usage.outputTokens) * price.outputPerMillion) / 1_000_000
    }
}
