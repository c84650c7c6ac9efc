/// An ECMA-262 (JavaScript) regular expression, as used by JSON Schema's `pattern`,
/// `patternProperties` and `format: "regex"`.
///
/// Patterns are interpreted with Unicode semantics: they match Unicode scalars (code
/// points), `\u{...}` and `\p{...}` are available, and a surrogate pair written as
/// `\uD83D\uDC32` denotes one code point. `\d`, `\w` and `\b` are ASCII-only and `\s`
/// follows ECMA-262's WhiteSpace and LineTerminator sets. No flags are supported (JSON
/// Schema has none): matching is case-sensitive, `^`/`$` anchor the whole string and `.`
/// does not match line terminators.
///
/// Matching uses a backtracking engine whose state is kept off the native stack and whose
/// work is bounded by a step budget, so hostile patterns such as `(a+)+$` cannot hang the
/// caller. Two values are equal when their sources are equal.
public struct ECMARegex: Sendable, Hashable {
    /// The pattern source as written in the schema.
    public let source: String
    private let program: RegexProgram

    /// Parses and compiles `pattern`.
    ///
    /// - Throws: `RegexSyntaxError` if the pattern is not a valid ECMA-262 pattern (or uses
    ///   an unsupported feature such as `\p{Script=...}`); never traps on any input.
    public init(_ pattern: String) throws(RegexSyntaxError) {
        var parser = RegexParser(pattern)
        let root = try parser.parse()
        source = pattern
        program = RegexCompiler.compile(root, captureCount: parser.captureCount)
    }

    /// Searches anywhere in `string` (JSON Schema patterns are unanchored, like JS
    /// `RegExp.prototype.test`).
    ///
    /// - Parameters:
    ///   - string: the text to search.
    ///   - stepLimit: the budget of matcher steps (instructions executed, code points
    ///     scanned, backtracking entries popped). On top of it the matcher always allows a
    ///     linear allowance of 8 steps per code point of `string`, so that a linear-time match
    ///     never fails merely because the input is long; only super-linear backtracking can
    ///     exhaust the budget.
    ///     Backtracking state is also capped (a few million saved positions, roughly 200 MB);
    ///     reaching that cap is reported as `.stepLimitExceeded` too.
    /// - Returns: `.matched` or `.notMatched`, or `.stepLimitExceeded` when the budget ran out
    ///   before the answer was known.
    public func matches(_ string: String, stepLimit: Int = 1_000_000) -> RegexMatchOutcome {
        let capacity = string.utf8.count
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: capacity) { buffer in
            let count = Self.decodeScalars(of: string, into: buffer)
            let input = UnsafeBufferPointer(rebasing: buffer[0..<count])
            let allowance = regexSaturatingMultiply(count + 1, 8)
            let budget = regexSaturatingAdd(Swift.max(stepLimit, 0), allowance)
            switch RegexMatcher.search(program, in: input, budget: budget) {
            case .matched: return .matched
            case .failed: return .notMatched
            case .budgetExhausted: return .stepLimitExceeded
            }
        }
    }

    /// Writes the Unicode scalar values of `string` into `buffer` (which holds at least
    /// `string.utf8.count` elements) and returns how many were written.
    private static func decodeScalars(of string: String, into buffer: UnsafeMutableBufferPointer<UInt32>) -> Int {
        let fast = string.utf8.withContiguousStorageIfAvailable { bytes -> Int in
            var i = 0
            var n = 0
            let end = bytes.count
            while i < end {
                let b0 = UInt32(bytes[i])
                if b0 < 0x80 {
                    buffer[n] = b0
                    i += 1
                } else if b0 < 0xE0, i + 1 < end {
                    buffer[n] = (b0 & 0x1F) << 6 | (UInt32(bytes[i + 1]) & 0x3F)
                    i += 2
                } else if b0 < 0xF0, i + 2 < end {
                    buffer[n] = (b0 & 0x0F) << 12 | (UInt32(bytes[i + 1]) & 0x3F) << 6 | (UInt32(bytes[i + 2]) & 0x3F)
                    i += 3
                } else if i + 3 < end {
                    buffer[n] =
                        (b0 & 0x07) << 18 | (UInt32(bytes[i + 1]) & 0x3F) << 12
                        | (UInt32(bytes[i + 2]) & 0x3F) << 6 | (UInt32(bytes[i + 3]) & 0x3F)
                    i += 4
                } else {
                    break  // unreachable for a valid String; never read out of bounds
                }
                n += 1
            }
            return n
        }
        if let fast { return fast }
        var n = 0
        for scalar in string.unicodeScalars where n < buffer.count {
            buffer[n] = scalar.value
            n += 1
        }
        return n
    }

    /// Two regular expressions are equal when their pattern sources are equal.
    public static func == (lhs: ECMARegex, rhs: ECMARegex) -> Bool {
        lhs.source == rhs.source
    }

    /// Hashes the pattern source.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(source)
    }
}

/// The result of `ECMARegex.matches(_:stepLimit:)`.
public enum RegexMatchOutcome: Sendable, Equatable {
    /// The pattern matches somewhere in the string.
    case matched
    /// The pattern matches nowhere in the string.
    case notMatched
    /// The matcher ran out of steps before it could decide (catastrophic backtracking).
    case stepLimitExceeded
}
