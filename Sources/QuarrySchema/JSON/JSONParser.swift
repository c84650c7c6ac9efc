/// Parses JSON text (RFC 8259) into a ``JSONValue``.
///
/// The parser reads UTF-8 bytes directly, keeps object keys in document order and numbers
/// exact, rejects invalid UTF-8, and refuses nesting deeper than ``Options/maxDepth`` with an
/// error instead of exhausting the stack. A leading byte-order mark is skipped.
///
/// An escaped lone surrogate (`"\ud800"`, or a high surrogate not followed by a low one) cannot
/// be held by a Swift `String`; the parser replaces each with U+FFFD REPLACEMENT CHARACTER, as
/// `String(decoding:as:)` does for ill-formed input. Duplicate keys keep their first position
/// and take their last value.
public struct JSONParser: Sendable {
    /// Limits that protect the parser from hostile input.
    public struct Options: Sendable, Hashable {
        /// The deepest nesting of arrays and objects accepted; deeper input is a
        /// ``JSONParseError/Kind/tooDeep`` error. Default 1 000.
        public var maxDepth: Int

        /// Creates options.
        public init(maxDepth: Int = 1_000) {
            self.maxDepth = maxDepth
        }
    }

    /// The options in force.
    public var options: Options

    /// Creates a parser.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// Parses one JSON value from UTF-8 bytes.
    public func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
        var reader = JSONReader(bytes: bytes, maxDepth: options.maxDepth)
        return try reader.parseDocument()
    }

    /// Parses one JSON value from UTF-8 bytes.
    public func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try parse(buffer) }
        }
        return try result.get()
    }

    /// Parses one JSON value from text.
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        let result: Result<JSONValue, JSONParseError> = text.withUTF8 { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try parse(buffer) }
        }
        return try result.get()
    }
}

extension JSONValue {
    /// Parses JSON text.
    public init(parsing text: String, options: JSONParser.Options = .init()) throws(JSONParseError) {
        self = try JSONParser(options: options).parse(text)
    }

    /// Parses UTF-8 JSON bytes.
    public init(parsing bytes: [UInt8], options: JSONParser.Options = .init()) throws(JSONParseError) {
        self = try JSONParser(options: options).parse(bytes)
    }
}

/// The byte-level recursive-descent reader behind ``JSONParser``.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var position = 0
    var depth = 0
    /// Scratch space for strings with escapes, made when the first one is met.
    var scratch: JSONScratchBytes?
    /// The members and elements of the arrays and objects being read, innermost last: each
    /// array or object is built at its end with exactly the room it needs. Made when the first
    /// array or object is met.
    var pending: JSONPendingMembers?

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        let value = try parseValue()
        skipWhitespace()
        if position < bytes.count {
            throw error(.trailingCharacters, "unexpected \(describeByte(at: position)) after the JSON value")
        }
        return value
    }

    func error(_ kind: JSONParseError.Kind, _ message: String, at offset: Int? = nil) -> JSONParseError {
        let location = TextLocation(byteOffset: offset ?? position, in: bytes)
        return JSONParseError(
            kind: kind, message: message, byteOffset: location.byteOffset, line: location.line, column: location.column)
    }

    func describeByte(at offset: Int) -> String {
        guard offset < bytes.count else { return "end of input" }
        let byte = bytes[offset]
        if byte >= 0x20, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09:
                position += 1
                // Indentation: the spaces that follow, up to eight at a time.
                guard position &+ 8 <= bytes.count, let base = bytes.baseAddress else { continue }
                let word = UInt64(
                    littleEndian: UnsafeRawPointer(base).loadUnaligned(fromByteOffset: position, as: UInt64.self))
                position &+= (word ^ 0x2020_2020_2020_2020).trailingZeroBitCount &>> 3
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard position < bytes.count else { throw error(.unexpectedEnd, "expected a value but the input ended") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default:
            throw error(.unexpectedCharacter, "expected a value but found \(describeByte(at: position))")
        }
    }

    mutating func parseLiteral(_ word: StaticString, _ value: JSONValue) throws(JSONParseError) -> JSONValue {
        let count = word.utf8CodeUnitCount
        let start = word.utf8Start
        for offset in 0..<count {
            guard position + offset < bytes.count else {
                throw error(.unexpectedEnd, "the input ended inside '\(word)'", at: bytes.count)
            }
            guard bytes[position + offset] == start[offset] else {
                throw error(.unexpectedCharacter, "expected '\(word)'", at: position)
            }
        }
        position += count
        return value
    }

    mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth {
            throw error(.tooDeep, "arrays and objects are nested deeper than the limit of \(maxDepth)")
        }
    }

    /// The pending-members stacks, made on first use.
    @inline(__always)
    mutating func pendingMembers() -> JSONPendingMembers {
        if let pending { return pending }
        let made = JSONPendingMembers()
        pending = made
        return made
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        position += 1
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array([])
        }
        let pending = pendingMembers()
        let base = pending.values.count
        while true {
            pending.values.push(try parseValue())
            skipWhitespace()
            guard position < bytes.count else { throw error(.unexpectedEnd, "the input ended inside an array") }
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "]") { break }
            throw error(
                .unexpectedCharacter, "expected ',' or ']' in an array but found \(describeByte(at: position - 1))",
                at: position - 1)
        }
        depth -= 1
        return .array(pending.values.pop(from: base))
    }

    /// Objects with more members than this check their keys for duplicates with a hash set.
    private static let pairwiseKeyCheckLimit = 32

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        position += 1
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(JSONObject())
        }
        let pending = pendingMembers()
        let base = pending.keys.count
        // Arrays being read keep their elements on the same value stack, so values have a base
        // of their own.
        let valueBase = pending.values.count
        var hasDuplicates = false
        var seen: Set<JSONKey>?
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw error(.unexpectedEnd, "the input ended inside an object") }
            guard bytes[position] == UInt8(ascii: "\"") else {
                throw error(.unexpectedCharacter, "expected a string key but found \(describeByte(at: position))")
            }
            let key = try parseString()
            skipWhitespace()
            guard position < bytes.count else { throw error(.unexpectedEnd, "the input ended inside an object") }
            guard bytes[position] == UInt8(ascii: ":") else {
                throw error(
                    .unexpectedCharacter, "expected ':' after an object key but found \(describeByte(at: position))")
            }
            position += 1
            let value = try parseValue()
            // Duplicate keys are rare: compare fingerprints pairwise in small objects, and use a
            // hash set in large ones; strings are compared only when fingerprints agree.
            let print = Self.fingerprint(key)
            if !hasDuplicates {
                if var keys = seen {
                    hasDuplicates = !keys.insert(JSONKey(key)).inserted
                    seen = keys
                } else if pending.keys.count - base >= Self.pairwiseKeyCheckLimit {
                    var keys = Set((base..<pending.keys.count).map { JSONKey(pending.keys[$0]) })
                    hasDuplicates = !keys.insert(JSONKey(key)).inserted
                    seen = keys
                } else {
                    for index in base..<pending.prints.count where pending.prints[index] == print {
                        if pending.keys[index].hasSameCodePoints(as: key) { hasDuplicates = true }
                    }
                }
            }
            pending.keys.push(key)
            pending.values.push(value)
            pending.prints.push(print)
            skipWhitespace()
            guard position < bytes.count else { throw error(.unexpectedEnd, "the input ended inside an object") }
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "}") { break }
            throw error(
                .unexpectedCharacter, "expected ',' or '}' in an object but found \(describeByte(at: position - 1))",
                at: position - 1)
        }
        depth -= 1
        let keys = pending.keys.pop(from: base)
        let values = pending.values.pop(from: valueBase)
        _ = pending.prints.pop(from: base)
        guard hasDuplicates else { return .object(JSONObject(uniqueKeys: keys, values: values)) }
        // The last value wins and the key keeps its first position.
        var merged = JSONObject()
        for index in keys.indices { merged.appendAssumingNew(keys[index], values[index]) }
        return .object(merged)
    }

    /// A hash of a key's UTF-8 bytes (its length and first and last eight bytes): equal keys
    /// have equal fingerprints.
    @inline(__always)
    static func fingerprint(_ key: String) -> UInt64 {
        var key = key
        return key.withUTF8 { bytes -> UInt64 in
            let count = bytes.count
            var first: UInt64 = 0
            var last: UInt64 = 0
            if count >= 8, let base = bytes.baseAddress {
                first = UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)
                last = UnsafeRawPointer(base).loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            } else {
                for index in 0..<count { first |= UInt64(bytes[index]) << (8 * UInt64(index)) }
            }
            return (first &* 0x9E37_79B9_7F4A_7C15)
                ^ (last &+ UInt64(truncatingIfNeeded: count) &* 0xBF58_476D_1CE4_E5B9)
        }
    }

    /// Parses a string starting at its opening quote. Runs of plain ASCII are skipped a word at
    /// a time (see ``JSONByteScan``); only quotes, backslashes, control characters and
    /// non-ASCII bytes (which are validated) are looked at one by one.
    mutating func parseString() throws(JSONParseError) -> String {
        let opening = position
        position += 1
        let start = position
        var isASCII = true
        while true {
            position = JSONByteScan.firstSpecial(in: bytes, from: position, stopsAtNonASCII: true)
            guard position < bytes.count else {
                throw error(.unexpectedEnd, "the input ended inside a string that starts here", at: opening)
            }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = UnsafeBufferPointer(rebasing: bytes[start..<position])
                let string = isASCII ? String(decoding: text, as: UTF8.self) : Self.string(fromValidated: text)
                position += 1
                return string
            }
            if byte == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
            if byte < 0x20 { throw controlCharacterError(byte) }
            try skipMultibyteScalar()
            isASCII = false
        }
    }

    /// A string from UTF-8 the parser has already validated.
    ///
    /// `String(decoding:as:)` checks all-ASCII text quickly but validates text with any other
    /// character a scalar at a time, all over again. Long text that is mostly ASCII is built from
    /// its runs instead: each ASCII run takes the quick path and only the short non-ASCII runs
    /// are validated (runs start and end at character boundaries, since UTF-8 sequences have
    /// no ASCII bytes).
    static func string(fromValidated text: UnsafeBufferPointer<UInt8>) -> String {
        guard text.count >= 256 else { return String(decoding: text, as: UTF8.self) }
        var result = ""
        result.reserveCapacity(text.count)
        var runStart = 0
        var pieces = 0
        while runStart < text.count {
            let isASCIIRun = text[runStart] < 0x80
            var runEnd = runStart + 1
            if isASCIIRun {
                runEnd = JSONByteScan.firstNonASCII(in: text, from: runEnd)
            } else {
                while runEnd < text.count, text[runEnd] >= 0x80 { runEnd += 1 }
            }
            pieces += 1
            // Text with many non-ASCII runs is decoded in one go.
            guard pieces <= 64 else { return String(decoding: text, as: UTF8.self) }
            result += String(decoding: UnsafeBufferPointer(rebasing: text[runStart..<runEnd]), as: UTF8.self)
            runStart = runEnd
        }
        return result
    }

    func controlCharacterError(_ byte: UInt8) -> JSONParseError {
        error(
            .unescapedControlCharacter,
            "a control character (U+00\(String(byte, radix: 16, uppercase: true))) must be escaped in a string")
    }

    /// Validates one multi-byte UTF-8 sequence at `position` and moves past it.
    @inline(__always)
    mutating func skipMultibyteScalar() throws(JSONParseError) {
        let lead = bytes[position]
        var length = 0
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            upper = 0x9F
        case 0xF0:
            length = 4
            lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            upper = 0x8F
        default: throw error(.invalidUTF8, "invalid UTF-8 byte 0x\(String(lead, radix: 16, uppercase: true))")
        }
        guard position + length <= bytes.count else { throw error(.invalidUTF8, "truncated UTF-8 sequence") }
        let second = bytes[position + 1]
        guard second >= lower, second <= upper else { throw error(.invalidUTF8, "invalid UTF-8 sequence") }
        var offset = 2
        while offset < length {
            guard bytes[position + offset] & 0xC0 == 0x80 else { throw error(.invalidUTF8, "invalid UTF-8 sequence") }
            offset += 1
        }
        position += length
    }

    /// The slow path for strings that contain escapes: the text between escapes is copied a
    /// run at a time into scratch space, and the common escapes are decoded in place.
    mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        let scratch = self.scratch ?? JSONScratchBytes()
        self.scratch = scratch
        scratch.count = 0
        var runStart = start
        while true {
            position = JSONByteScan.firstSpecial(in: bytes, from: position, stopsAtNonASCII: true)
            guard position < bytes.count else { throw error(.unexpectedEnd, "the input ended inside a string") }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                scratch.append(UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                position += 1
                return scratch.string
            case UInt8(ascii: "\\"):
                scratch.append(UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                if position + 1 < bytes.count, let decoded = Self.simpleEscape(bytes[position + 1]) {
                    scratch.append(decoded)
                    position += 2
                } else {
                    try parseEscape(into: scratch)
                }
                runStart = position
            case 0..<0x20:
                throw controlCharacterError(byte)
            default:
                try skipMultibyteScalar()
            }
        }
    }

    /// The byte a one-letter escape (`\n`, `\"`, ...) stands for; `nil` for `\u` and invalid ones.
    @inline(__always)
    static func simpleEscape(_ letter: UInt8) -> UInt8? {
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return letter
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        default: return nil
        }
    }

    /// Decodes the escape at `position` (a backslash) into `scratch`.
    mutating func parseEscape(into scratch: JSONScratchBytes) throws(JSONParseError) {
        let escapeStart = position
        position += 1
        guard position < bytes.count else { throw error(.unexpectedEnd, "the input ended inside an escape sequence") }
        let byte = bytes[position]
        position += 1
        if let decoded = Self.simpleEscape(byte) {
            scratch.append(decoded)
            return
        }
        guard byte == UInt8(ascii: "u") else {
            throw error(
                .invalidEscape, "invalid escape sequence '\\\(Character(Unicode.Scalar(byte)))' in a string",
                at: escapeStart)
        }
        var scalarValue = try parseHex4(escapeStart: escapeStart)
        if scalarValue >= 0xD800, scalarValue < 0xDC00 {
            // A high surrogate: combine with a following low surrogate escape if there is one.
            if position + 6 <= bytes.count, bytes[position] == UInt8(ascii: "\\"),
                bytes[position + 1] == UInt8(ascii: "u")
            {
                let save = position
                position += 2
                let low = try parseHex4(escapeStart: save)
                if low >= 0xDC00, low < 0xE000 {
                    scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    position = save
                    scalarValue = 0xFFFD
                }
            } else {
                scalarValue = 0xFFFD
            }
        } else if scalarValue >= 0xDC00, scalarValue < 0xE000 {
            scalarValue = 0xFFFD
        }
        let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
        UTF8.encode(scalar) { scratch.append($0) }
    }

    mutating func parseHex4(escapeStart: Int) throws(JSONParseError) -> UInt32 {
        guard position + 4 <= bytes.count else {
            throw error(.unexpectedEnd, "the input ended inside a \\u escape", at: escapeStart)
        }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - 55
            default: throw error(.invalidEscape, "a \\u escape needs four hexadecimal digits", at: escapeStart)
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = position
        var negative = false
        if bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        guard position < bytes.count, bytes[position].isASCIIDigit else {
            throw error(.invalidNumber, "a number needs a digit after '-'", at: start)
        }
        var significand: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var overflowed = false
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, bytes[position].isASCIIDigit {
                throw error(.invalidNumber, "a number cannot have leading zeros", at: start)
            }
        } else {
            while position < bytes.count, bytes[position].isASCIIDigit {
                if significantDigits < 19 {
                    significand = significand &* 10 &+ UInt64(bytes[position] &- 48)
                    significantDigits += 1
                } else {
                    overflowed = true
                }
                position += 1
            }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < bytes.count, bytes[position].isASCIIDigit else {
                throw error(.invalidNumber, "a number needs digits after the decimal point", at: start)
            }
            while position < bytes.count, bytes[position].isASCIIDigit {
                if significantDigits < 19 {
                    significand = significand &* 10 &+ UInt64(bytes[position] &- 48)
                    if significand != 0 { significantDigits += 1 }
                    exponent -= 1
                } else {
                    overflowed = true
                }
                position += 1
            }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            var exponentNegative = false
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                exponentNegative = bytes[position] == UInt8(ascii: "-")
                position += 1
            }
            guard position < bytes.count, bytes[position].isASCIIDigit else {
                throw error(.invalidNumber, "a number needs digits in its exponent", at: start)
            }
            var written = 0
            while position < bytes.count, bytes[position].isASCIIDigit {
                written = min(written * 10 + Int(bytes[position] &- 48), 1_000_000_000_000)
                position += 1
            }
            exponent = exponent.addingSaturating(exponentNegative ? -written : written)
        }
        if !overflowed {
            return JSONNumber.normalized(negative: negative, significand: significand, exponent: exponent)
        }
        // More than 19 significant digits: take the exact slow path over the text.
        let slice = UnsafeMutableBufferPointer(mutating: UnsafeBufferPointer(rebasing: bytes[start..<position]))
        guard let number = JSONNumber.parse(slice[...]) else {
            throw error(.invalidNumber, "malformed number", at: start)
        }
        return number
    }
}

/// Growable bytes written through a pointer: the parser's scratch space for decoding strings
/// with escapes (appending a run is a capacity check and a copy).
final class JSONScratchBytes {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// The number of bytes written.
    var count = 0

    init(capacity: Int = 256) {
        base = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    deinit { base.deallocate() }

    @inline(__always)
    private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let newCapacity = max(count + extra, capacity * 2)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    @inline(__always)
    func append(_ run: UnsafeBufferPointer<UInt8>) {
        guard let source = run.baseAddress, !run.isEmpty else { return }
        reserve(run.count)
        (base + count).update(from: source, count: run.count)
        count += run.count
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    /// The bytes written, as a string.
    var string: String { JSONReader.string(fromValidated: UnsafeBufferPointer(start: base, count: count)) }
}

/// The parser's stacks of pending object keys, key fingerprints and values (see
/// ``JSONPendingStack``).
final class JSONPendingMembers {
    let keys = JSONPendingStack<String>()
    let prints = JSONPendingStack<UInt64>()
    let values = JSONPendingStack<JSONValue>()
}

/// A stack whose top elements are taken out into an array in one step, without the
/// bookkeeping of removing a range from an `Array`.
final class JSONPendingStack<Element> {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    /// The number of elements on the stack.
    private(set) var count = 0

    init(capacity: Int = 32) {
        base = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inline(__always)
    func push(_ element: Element) {
        if count == capacity {
            let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: base, count: count)
            base.deallocate()
            base = grown
            capacity *= 2
        }
        (base + count).initialize(to: element)
        count += 1
    }

    @inline(__always)
    subscript(index: Int) -> Element { base[index] }

    /// Removes the elements from `start` up and returns them in order.
    @inline(__always)
    func pop(from start: Int) -> [Element] {
        let moved = count - start
        guard moved > 0 else { return [] }
        // (`Array(unsafeUninitializedCapacity:)` would move instead of copying, but it looks
        // up the array's type metadata at run time on every call, which costs more.)
        let elements = Array(UnsafeBufferPointer(start: base + start, count: moved))
        (base + start).deinitialize(count: moved)
        count = start
        return elements
    }
}
