/// Similarity measures for strings, on already normalised text.
public enum TextSimilarity {
    /// The words of `text`: maximal runs of letters and digits.
    public static func tokens(_ text: String) -> [String] {
        text.split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// Token F1: the harmonic mean of precision and recall of `actual`'s words against
    /// `expected`'s, counted as multisets. 1 for two texts without words.
    public static func tokenF1(expected: String, actual: String) -> Double {
        let expectedTokens = tokens(expected)
        let actualTokens = tokens(actual)
        if expectedTokens.isEmpty && actualTokens.isEmpty { return 1 }
        if expectedTokens.isEmpty || actualTokens.isEmpty { return 0 }
        var remaining: [String: Int] = [:]
        for token in expectedTokens { remaining[token, default: 0] += 1 }
        var overlap = 0
        for token in actualTokens {
            if let count = remaining[token], count > 0 {
                overlap += 1
                remaining[token] = count - 1
            }
        }
        if overlap == 0 { return 0 }
        let precision = Double(overlap) / Double(actualTokens.count)
        let recall = Double(overlap) / Double(expectedTokens.count)
        return 2 * precision * recall / (precision + recall)
    }

    /// The Levenshtein distance between two texts, in characters (insertions, deletions and
    /// substitutions each cost one).
    public static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let left = Array(lhs)
        let right = Array(rhs)
        if left.isEmpty { return right.count }
        if right.isEmpty { return left.count }
        var previous = Array(0...right.count)
        var current = [Int](repeating: 0, count: right.count + 1)
        for i in 1...left.count {
            current[0] = i
            for j in 1...right.count {
                let substitution = previous[j - 1] + (left[i - 1] == right[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[right.count]
    }

    /// 1 − distance / length of the longer text: 1 for equal texts, 0 for nothing in common.
    public static func editSimilarity(_ lhs: String, _ rhs: String) -> Double {
        let longest = max(lhs.count, rhs.count)
        if longest == 0 { return 1 }
        return 1 - Double(editDistance(lhs, rhs)) / Double(longest)
    }
}
