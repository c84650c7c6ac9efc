/// Word-at-a-time scans for the bytes JSON strings treat specially: eight bytes are tested
/// with a few integer operations, so the parser and the serializer skip ordinary text quickly
/// and look at single bytes only near a quote, a backslash, a control character or (for the
/// parser, which validates it) non-ASCII text.
enum JSONByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Nonzero when some byte of `word` is zero.
    @inline(__always)
    private static func zeroByte(_ word: UInt64) -> UInt64 {
        (word &- ones) & ~word & highBits
    }

    /// Nonzero when some byte of `word` is a quote, a backslash or below 0x20 (what a string's
    /// text must escape).
    @inline(__always)
    static func needsEscape(_ word: UInt64) -> UInt64 {
        // Bytes below 0x20 (exact for bytes without the high bit; bytes with it are never below).
        let control = (word &- ones &* 0x20) & ~word & highBits
        return control | zeroByte(word ^ (ones &* 0x22)) | zeroByte(word ^ (ones &* 0x5C))
    }

    /// The offset of the first non-ASCII byte at or after `start`, or `text.count`.
    @inline(__always)
    static func firstNonASCII(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var position = start
        let end = text.count
        if let base = text.baseAddress {
            let raw = UnsafeRawPointer(base)
            while position &+ 8 <= end {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt64.self))
                let high = word & highBits
                if high != 0 { return position &+ high.trailingZeroBitCount &>> 3 }
                position &+= 8
            }
        }
        while position < end, text[position] < 0x80 { position &+= 1 }
        return position
    }

    /// The offset of the first byte at or after `start` that may need escaping (see
    /// ``needsEscape(_:)``), or of the first non-ASCII byte when `stopsAtNonASCII`; `end` when
    /// there is none. Bytes before the returned offset are ordinary ASCII (or, without
    /// `stopsAtNonASCII`, any bytes but quotes, backslashes and control characters).
    @inline(__always)
    static func firstSpecial(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, stopsAtNonASCII: Bool) -> Int {
        var position = start
        let end = bytes.count
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while position &+ 8 <= end {
                // Byte 0 of the text is the low byte of the word, whatever the platform.
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt64.self))
                let special = needsEscape(word) | (stopsAtNonASCII ? word & highBits : 0)
                // The lowest flagged byte is always a special one (the tests' borrows only ever
                // flag bytes above a special byte), so it is the answer.
                if special != 0 { return position &+ special.trailingZeroBitCount &>> 3 }
                position &+= 8
            }
        }
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20
                || (stopsAtNonASCII && byte >= 0x80)
            {
                return position
            }
            position &+= 1
        }
        return end
    }
}
