/// Writes ``JSONValue``s as JSON text.
///
/// Object keys are written in their stored order, so output is stable: parsing and writing a
/// document gives the same key order back. Numbers are written exactly (see
/// ``JSONNumber/description``). Non-ASCII text is written as UTF-8, not escaped; `/` is not
/// escaped.
public struct JSONSerializer: Sendable {
    /// Whether to write newlines and two-space indentation.
    public var isPretty: Bool
    /// Whether to sort object keys (by their UTF-8 bytes) instead of keeping stored order.
    public var sortsKeys: Bool

    /// Creates a serializer.
    public init(pretty: Bool = false, sortsKeys: Bool = false) {
        self.isPretty = pretty
        self.sortsKeys = sortsKeys
    }

    /// The UTF-8 bytes of `value`.
    public func bytes(of value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(value, into: &output, indent: 0)
        return output
    }

    /// Appends the UTF-8 bytes of `value` to `output` (for writing a document in pieces).
    public func append(_ value: JSONValue, to output: inout [UInt8]) {
        write(value, into: &output, indent: 0)
    }

    /// The text of `value`.
    public func string(of value: JSONValue) -> String {
        String(decoding: bytes(of: value), as: UTF8.self)
    }

    private func newline(_ output: inout [UInt8], indent: Int) {
        guard isPretty else { return }
        output.append(UInt8(ascii: "\n"))
        for _ in 0..<indent { output.append(contentsOf: [0x20, 0x20]) }
    }

    private func write(_ value: JSONValue, into output: inout [UInt8], indent: Int) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let bool): output.append(contentsOf: (bool ? "true" : "false").utf8)
        case .number(let number):
            switch number.storage {
            case .integer(let integer): Self.writeInteger(integer, into: &output)
            case .decimal(let significand, let exponent) where Self.writeDecimal(significand, exponent, into: &output):
                break
            default: output.append(contentsOf: number.description.utf8)
            }
        case .string(let string): Self.writeString(string, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            if elements.isEmpty {
                output.append(UInt8(ascii: "]"))
                return
            }
            for position in elements.indices {
                let element = elements[position]
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(&output, indent: indent + 1)
                write(element, into: &output, indent: indent + 1)
            }
            newline(&output, indent: indent)
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            if object.isEmpty {
                output.append(UInt8(ascii: "}"))
                return
            }
            func member(_ position: Int, first: Bool) {
                if !first { output.append(UInt8(ascii: ",")) }
                newline(&output, indent: indent + 1)
                Self.writeString(object.keys[position], into: &output)
                output.append(UInt8(ascii: ":"))
                if isPretty { output.append(0x20) }
                write(object.values[position], into: &output, indent: indent + 1)
            }
            if sortsKeys {
                let order = object.keys.indices.sorted {
                    object.keys[$0].utf8.lexicographicallyPrecedes(object.keys[$1].utf8)
                }
                for (count, position) in order.enumerated() { member(position, first: count == 0) }
            } else {
                for position in object.keys.indices { member(position, first: position == 0) }
            }
            newline(&output, indent: indent)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Writes an integer's decimal digits without building a `String`.
    static func writeInteger(_ value: Int64, into output: inout [UInt8]) {
        if value == 0 {
            output.append(UInt8(ascii: "0"))
            return
        }
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[count] = UInt8(magnitude % 10) + 48
                magnitude /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { output.append(buffer[index]) }
        }
    }

    /// Writes `significand × 10^exponent` (exponent below zero) in plain notation, as
    /// ``JSONNumber/description`` does, without building a `String`; returns `false`, writing
    /// nothing, when the number needs exponent notation.
    static func writeDecimal(_ significand: Int64, _ exponent: Int, into output: inout [UInt8]) -> Bool {
        var magnitude = significand.magnitude
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &digits) { buffer in
            // Least significant digit first.
            var count = 0
            repeat {
                buffer[count] = UInt8(magnitude % 10) + 48
                magnitude /= 10
                count += 1
            } while magnitude > 0
            let pointPosition = count + exponent
            guard pointPosition > -7 else { return false }
            if significand < 0 { output.append(UInt8(ascii: "-")) }
            if pointPosition <= 0 {
                output.append(UInt8(ascii: "0"))
                output.append(UInt8(ascii: "."))
                for _ in 0..<(-pointPosition) { output.append(UInt8(ascii: "0")) }
            }
            for index in stride(from: count - 1, through: 0, by: -1) {
                if pointPosition > 0, count - 1 - index == pointPosition { output.append(UInt8(ascii: ".")) }
                output.append(buffer[index])
            }
            return true
        }
    }

    /// Writes a quoted, escaped string; runs of bytes that need no escaping are found a word at
    /// a time (see ``JSONByteScan``) and copied at once.
    static func writeString(_ string: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            var runStart = 0
            var index = JSONByteScan.firstSpecial(in: bytes, from: 0, stopsAtNonASCII: false)
            while index < bytes.count {
                let byte = bytes[index]
                if runStart < index {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                }
                runStart = index + 1
                let escaped: UInt8
                switch byte {
                case UInt8(ascii: "\""): escaped = UInt8(ascii: "\"")
                case UInt8(ascii: "\\"): escaped = UInt8(ascii: "\\")
                case 0x0A: escaped = UInt8(ascii: "n")
                case 0x0D: escaped = UInt8(ascii: "r")
                case 0x09: escaped = UInt8(ascii: "t")
                case 0x08: escaped = UInt8(ascii: "b")
                case 0x0C: escaped = UInt8(ascii: "f")
                default: escaped = 0
                }
                output.append(0x5C)
                if escaped != 0 {
                    output.append(escaped)
                } else {
                    output.append(UInt8(ascii: "u"))
                    output.append(0x30)
                    output.append(0x30)
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 0xF)])
                }
                index = JSONByteScan.firstSpecial(in: bytes, from: runStart, stopsAtNonASCII: false)
            }
            if runStart < bytes.count {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// This value as JSON text, compact or pretty, keys in stored order.
    public func serialized(pretty: Bool = false) -> String {
        JSONSerializer(pretty: pretty).string(of: self)
    }

    /// This value as canonical JSON text: compact with keys sorted by their UTF-8 bytes, so
    /// equal values (regardless of key order) give the same text. Used for hashing.
    public var canonicalText: String {
        JSONSerializer(sortsKeys: true).string(of: self)
    }
}
