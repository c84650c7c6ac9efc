import Foundation

// Temporary until the regex engine and format checkers land.
public struct ECMARegex: Sendable, Hashable {
    public let source: String
    let regex: NSRegularExpression
    public init(_ pattern: String) throws(RegexSyntaxError) {
        source = pattern
        do { regex = try NSRegularExpression(pattern: pattern) } catch { throw RegexSyntaxError(pattern: pattern, offset: 0, message: "\(error)") }
    }
    public func matches(_ string: String, stepLimit: Int = 1_000_000) -> RegexMatchOutcome {
        regex.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)) != nil ? .matched : .notMatched
    }
    public static func == (a: ECMARegex, b: ECMARegex) -> Bool { a.source == b.source }
    public func hash(into h: inout Hasher) { h.combine(source) }
}
public enum RegexMatchOutcome: Sendable, Equatable { case matched, notMatched, stepLimitExceeded }
public struct RegexSyntaxError: Error, Sendable, Equatable, CustomStringConvertible { public let pattern: String; public let offset: Int; public let message: String; public var description: String { message } }
public enum FormatChecker {
    public static func check(_ value: String, format: String) -> Bool? { nil }
}
