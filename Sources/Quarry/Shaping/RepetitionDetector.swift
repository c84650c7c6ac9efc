/// Watches a reply as it streams in and says when it has started repeating itself: the same
/// array item, or the same run of tokens, over and over — the loop a small model under a
/// grammar falls into when nothing stops it (`"symptoms": ["Dr. S. Okonkwo", "Dr. S.
/// Okonkwo", ...]`). Stopping there saves every token the loop would have cost up to the
/// output limit; ``TruncatedReplyRecovery`` then keeps one copy of the repeated items.
///
/// The test is on the text's tail: it is a loop when the last `span` characters repeat one
/// unit of at most ``maximumUnit`` characters, at least ``minimumRepeats`` times, and the
/// span is at least ``minimumSpan`` characters — so a short legitimate run (`[1, 1, 1]`, three
/// equal line items) never trips it. Inside a JSON string a run of a short unit
/// (`"postal_code":"000000…"`, `"1.1.1.1…"`) is a loop sooner: at least
/// ``minimumStringRepeats`` repeats of a unit of at most ``maximumStringUnit`` bytes, over at
/// least ``minimumStringSpan`` bytes, with no quote in the unit. The check runs in linear time
/// over a bounded window (a prefix function over the reversed tail), at most once per
/// ``checkInterval`` new characters.
public struct RepetitionDetector: Sendable, Hashable {
    /// A detected loop.
    public struct Loop: Sendable, Hashable, CustomStringConvertible {
        /// The repeated unit (the last occurrence).
        public var unit: String
        /// How many times it repeats at the end of the text.
        public var repeats: Int
        /// The text's length, in characters (UTF-8 bytes), when the loop was detected.
        public var detectedAt: Int

        /// A sentence for attempt records.
        public var description: String {
            let shown = unit.count > 60 ? String(unit.prefix(57)) + "..." : unit
            return "repeated \(repeats)× after \(detectedAt) bytes: \(shown.debugDescription)"
        }
    }

    /// The longest unit looked for, in bytes.
    public var maximumUnit: Int
    /// How many repetitions make a loop.
    public var minimumRepeats: Int
    /// How long the repeating tail must be, in bytes.
    public var minimumSpan: Int
    /// Bytes of new text between checks.
    public var checkInterval: Int
    /// The longest unit of a loop inside a string, in bytes.
    public var maximumStringUnit: Int
    /// How many repetitions make a loop inside a string.
    public var minimumStringRepeats: Int
    /// How long the repeating tail of a string must be, in bytes.
    public var minimumStringSpan: Int

    private var text: [UInt8] = []
    private var checkedAt = 0
    /// Whether the text ends inside a JSON string, and just after a backslash there.
    private var inString = false
    private var escaped = false

    /// Creates a detector; the defaults stop a loop of four identical line items, a dozen
    /// identical short strings or a string repeating a few bytes a dozen times, and nothing a
    /// schema-valid extraction normally contains (checked against the example schemas'
    /// expected values and every complete reply recorded for them).
    public init(
        maximumUnit: Int = 400, minimumRepeats: Int = 4, minimumSpan: Int = 240, checkInterval: Int = 16,
        maximumStringUnit: Int = 8, minimumStringRepeats: Int = 12, minimumStringSpan: Int = 48
    ) {
        self.maximumUnit = max(1, maximumUnit)
        self.minimumRepeats = max(2, minimumRepeats)
        self.minimumSpan = max(1, minimumSpan)
        self.checkInterval = max(1, checkInterval)
        self.maximumStringUnit = max(0, maximumStringUnit)
        self.minimumStringRepeats = max(2, minimumStringRepeats)
        self.minimumStringSpan = max(1, minimumStringSpan)
    }

    /// Adds streamed text; returns the loop when the text now ends in one.
    public mutating func append(_ piece: String) -> Loop? {
        for byte in piece.utf8 {
            text.append(byte)
            if escaped {
                escaped = false
            } else if inString && byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString.toggle()
            }
        }
        guard text.count - checkedAt >= checkInterval else { return nil }
        checkedAt = text.count
        return loopAtEnd()
    }

    /// The loop the whole text ends in, if any (checked now, whatever the interval).
    public func loopAtEnd() -> Loop? {
        if let loop = tailLoop(maximumUnit: maximumUnit, minimumRepeats: minimumRepeats, minimumSpan: minimumSpan) {
            return loop
        }
        guard inString, maximumStringUnit > 0,
            let loop = tailLoop(
                maximumUnit: maximumStringUnit, minimumRepeats: minimumStringRepeats, minimumSpan: minimumStringSpan),
            !loop.unit.utf8.contains(UInt8(ascii: "\""))
        else { return nil }
        return loop
    }

    /// The loop at the end of the text with these limits, if any.
    private func tailLoop(maximumUnit: Int, minimumRepeats: Int, minimumSpan: Int) -> Loop? {
        // A model indenting a repeated item repeats the indentation too, so the raw bytes
        // are periodic as they are.
        let window = min(text.count, maximumUnit * minimumRepeats + maximumUnit)
        guard window >= minimumSpan else { return nil }
        // Prefix function of the reversed tail: for a prefix of length L of the reversed
        // text, L - π[L-1] is its smallest period, which is the smallest period of the last
        // L bytes of the text.
        let end = text.count
        var pi = [Int](repeating: 0, count: window)
        var best: (period: Int, length: Int)?
        for i in 1..<window {
            var k = pi[i - 1]
            let byte = text[end - 1 - i]
            while k > 0 && text[end - 1 - k] != byte { k = pi[k - 1] }
            if text[end - 1 - k] == byte { k += 1 }
            pi[i] = k
            let length = i + 1
            let period = length - k
            if length >= minimumSpan, period <= maximumUnit, length >= period * minimumRepeats {
                best = (period, length)
            }
        }
        guard let (period, length) = best else { return nil }
        return Loop(
            unit: String(decoding: text[(end - period)..<end], as: UTF8.self), repeats: length / period,
            detectedAt: end)
    }
}
