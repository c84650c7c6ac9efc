/// A JSON Pointer (RFC 6901): a path such as `/items/2/price` into a JSON document.
///
/// The empty pointer `""` refers to the whole document. In text form `~` is written `~0` and
/// `/` is written `~1`.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// The reference tokens, unescaped.
    public private(set) var tokens: [String]

    /// The pointer to the whole document.
    public static let root = JSONPointer(tokens: [])

    /// Creates a pointer from unescaped tokens.
    public init(tokens: [String]) {
        self.tokens = tokens
    }

    /// Parses pointer text such as `/a~1b/0`.
    public init(parsing text: String) throws(JSONPointerError) {
        if text.isEmpty {
            tokens = []
            return
        }
        guard text.hasPrefix("/") else { throw JSONPointerError.missingLeadingSlash(text) }
        var tokens: [String] = []
        for part in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var iterator = part.makeIterator()
            while let character = iterator.next() {
                if character == "~" {
                    switch iterator.next() {
                    case "0": token.append("~")
                    case "1": token.append("/")
                    default: throw JSONPointerError.invalidEscape(text)
                    }
                } else {
                    token.append(character)
                }
            }
            tokens.append(token)
        }
        self.tokens = tokens
    }

    /// Parses the fragment of a URI (`#/definitions/a%25b`), percent-decoding it first.
    public init(fragment: String) throws(JSONPointerError) {
        let decoded = fragment.removingPercentEncodingQuietly
        try self.init(parsing: decoded)
    }

    /// The pointer with one more token.
    public func appending(_ token: String) -> JSONPointer {
        var copy = self
        copy.tokens.append(token)
        return copy
    }

    /// The pointer with one more array index.
    public func appending(_ index: Int) -> JSONPointer {
        appending(String(index))
    }

    /// The pointer with all of `other`'s tokens appended.
    public func appending(_ other: JSONPointer) -> JSONPointer {
        JSONPointer(tokens: tokens + other.tokens)
    }

    /// The pointer to this one's parent; the root's parent is the root.
    public var parent: JSONPointer {
        JSONPointer(tokens: Array(tokens.dropLast()))
    }

    /// The pointer text, escaped.
    public var description: String {
        var text = ""
        for token in tokens {
            text.append("/")
            text.append(Self.escape(token))
        }
        return text
    }

    /// Escapes one token (`~` → `~0`, `/` → `~1`).
    public static func escape(_ token: String) -> String {
        guard token.contains(where: { $0 == "~" || $0 == "/" }) else { return token }
        var escaped = ""
        for character in token {
            switch character {
            case "~": escaped += "~0"
            case "/": escaped += "~1"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// The value this pointer refers to in `document`, or `nil` when there is none.
    public func resolve(in document: JSONValue) -> JSONValue? {
        var current = document
        for token in tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let elements):
                guard let index = Self.arrayIndex(token), index < elements.count else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// An array index token: digits without leading zeros.
    static func arrayIndex(_ token: String) -> Int? {
        guard !token.isEmpty, token.utf8.allSatisfy({ $0.isASCIIDigit }) else { return nil }
        if token.utf8.count > 1, token.utf8.first == UInt8(ascii: "0") { return nil }
        return Int(token)
    }

    /// Orders pointers by their tokens, shorter prefixes first.
    public static func < (lhs: JSONPointer, rhs: JSONPointer) -> Bool {
        lhs.tokens.lexicographicallyPrecedes(rhs.tokens)
    }
}

/// Why JSON Pointer text is malformed.
public enum JSONPointerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A non-empty pointer must start with `/`.
    case missingLeadingSlash(String)
    /// `~` must be followed by `0` or `1`.
    case invalidEscape(String)

    /// A sentence describing the problem.
    public var description: String {
        switch self {
        case .missingLeadingSlash(let text): return "JSON pointer '\(text)' must start with '/'"
        case .invalidEscape(let text): return "JSON pointer '\(text)' has '~' not followed by '0' or '1'"
        }
    }
}

extension String {
    /// Percent-decodes `%XX` sequences, leaving malformed ones as they are.
    var removingPercentEncodingQuietly: String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        let utf8 = Array(self.utf8)
        var position = 0
        while position < utf8.count {
            if utf8[position] == UInt8(ascii: "%"), position + 2 < utf8.count + 0, position + 2 <= utf8.count - 1,
                let high = utf8[position + 1].hexValue, let low = utf8[position + 2].hexValue
            {
                bytes.append(high << 4 | low)
                position += 3
            } else {
                bytes.append(utf8[position])
                position += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension UInt8 {
    var hexValue: UInt8? {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return self - 48
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return self - 87
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return self - 55
        default: return nil
        }
    }
}
