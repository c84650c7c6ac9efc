// `hostname` (RFC 1123 §2.1, with A-labels per RFC 5890/5891) and `idn-hostname` (RFC 5890).
//
// hostname: dot-separated labels of 1–63 ASCII letters, digits and hyphens, not starting or
// ending with a hyphen, at most 253 octets in all, no trailing dot. A label starting with
// `xn--` (any case) is an A-label: it must be valid Punycode (RFC 3492) that decodes to a
// non-ASCII string, re-encodes to exactly the same text, and is a valid U-label (below).
//
// idn-hostname: labels are separated by U+002E, U+3002, U+FF0E or U+FF61. ASCII labels are
// checked as for `hostname`; other labels are U-labels, which must be valid per RFC 5891 §4.2
// and RFC 5892, have an A-label form of at most 63 octets, and the whole name (measured in
// A-label form) must be at most 253 octets.
//
// U-label validity (RFC 5891 §4.2.3, RFC 5892, RFC 5893):
//  * no "--" in positions 3 and 4, no leading or trailing hyphen, no leading combining mark;
//  * every code point PVALID, or CONTEXTJ/CONTEXTO with its contextual rule satisfied;
//  * the Bidi rule of RFC 5893 for every label when any label holds an R, AL or AN character.
//
// What is approximated (no IDNA/UCD tables are shipped):
//  * The derived property (PVALID/CONTEXT/DISALLOWED) is computed with the RFC 5892 §3
//    algorithm from the standard library's Unicode properties (general category,
//    NFKC_Casefold stability, default-ignorable, white space, noncharacter) plus the fixed
//    exception, ignorable-block and old-Hangul-jamo lists. The stdlib's Unicode version is newer
//    than IDNA2008's, so recently assigned code points may be accepted.
//  * Script (Greek, Hebrew, Hiragana, Katakana, Han), Joining_Type and Bidi_Class, needed by the
//    contextual and Bidi rules, are approximated by code-point ranges of the relevant blocks.
//  * U-labels are not checked for Unicode NFC (there is no normalizer without Foundation).
//  * ASCII labels with "--" in positions 3–4 that are not `xn--` (reserved R-LDH labels, e.g.
//    `r3---sn-abc`) are accepted, as RFC 1123 does; real host names use them.

enum HostnameFormats {
    /// `hostname` occupying `s[start..<end]`.
    static func isHostname(_ s: Span<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard start < end, end - start <= 253 else { return false }
        var bidi = BidiDomain()
        var labelStart = start
        var i = start
        while i < end {
            if s[i] == 0x2E {
                guard asciiLabel(s, labelStart, i, &bidi) else { return false }
                labelStart = i + 1
            }
            i += 1
        }
        return asciiLabel(s, labelStart, end, &bidi) && bidi.isValid
    }

    /// `idn-hostname` occupying `s[start..<end]`.
    static func isIDNHostname(_ s: Span<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard start < end else { return false }
        var bidi = BidiDomain()
        var scalars: [UInt32] = []
        var labelStart = start
        var labelASCII = true
        var totalLength = 0  // in A-label octets, separators included
        var scalarCount = 0
        var i = start
        while true {
            var separatorLength = 0
            var c: UInt32 = 0
            if i < end {
                let decoded = FormatBytes.scalar(s, i)
                c = decoded.value
                switch c {
                case 0x2E, 0x3002, 0xFF0E, 0xFF61: separatorLength = decoded.length
                default:
                    if c >= 0x80 { labelASCII = false }
                    scalarCount += 1
                    // Every scalar costs at least one A-label octet.
                    guard scalarCount <= 253 else { return false }
                    i += decoded.length
                    continue
                }
            }
            // End of a label at i.
            if labelASCII {
                guard asciiLabel(s, labelStart, i, &bidi) else { return false }
                totalLength += i - labelStart
            } else {
                scalars.removeAll(keepingCapacity: true)
                var k = labelStart
                while k < i {
                    let decoded = FormatBytes.scalar(s, k)
                    scalars.append(decoded.value)
                    k += decoded.length
                }
                guard scalars.count <= 59, IDNA.isValidULabel(scalars, &bidi),
                    let encoded = Punycode.encode(scalars), encoded.count + 4 <= 63
                else { return false }
                totalLength += encoded.count + 4
            }
            if i == end { break }
            totalLength += 1
            i += separatorLength
            labelStart = i
            labelASCII = true
        }
        return totalLength <= 253 && bidi.isValid
    }

    /// One ASCII label `s[start..<end]` of a host name: LDH, or an A-label.
    static func asciiLabel(_ s: Span<UInt8>, _ start: Int, _ end: Int, _ bidi: inout BidiDomain) -> Bool {
        let length = end - start
        guard length >= 1, length <= 63, s[start] != 0x2D, s[end - 1] != 0x2D else { return false }
        for k in start..<end {
            let b = s[k]
            guard FormatBytes.isAlphaNumeric(b) || b == 0x2D else { return false }
        }
        if length >= 4, s[start + 2] == 0x2D, s[start + 3] == 0x2D,
            FormatBytes.lower(s[start]) == 0x78, FormatBytes.lower(s[start + 1]) == 0x6E
        {
            return aLabel(s, start + 4, end, &bidi)
        }
        // An LDH label is left-to-right; in a Bidi domain name it must start with a letter (L)
        // rather than a digit (EN). It cannot end with the hyphen (ES).
        bidi.addLabel(rtl: false, satisfiesRule: FormatBytes.isAlpha(s[start]))
        return true
    }

    /// The Punycode part `s[start..<end]` of an A-label (after `xn--`).
    private static func aLabel(_ s: Span<UInt8>, _ start: Int, _ end: Int, _ bidi: inout BidiDomain) -> Bool {
        // A-labels are case-insensitive: fold the basic (ASCII) code points before validating.
        guard let decoded = Punycode.decode(s, start, end)?.map({ $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }),
            decoded.contains(where: { $0 >= 0x80 }),
            let encoded = Punycode.encode(decoded), encoded.count == end - start
        else { return false }
        for (k, b) in encoded.enumerated() where FormatBytes.lower(s[start + k]) != b { return false }
        return IDNA.isValidULabel(decoded, &bidi)
    }
}

// MARK: - Bidi domain state

/// Tracks the RFC 5893 Bidi rule across the labels of one domain name: the rule applies to
/// every label, but only when some label holds a right-to-left (R, AL) or AN character.
struct BidiDomain {
    private var hasRTL = false
    private var allSatisfyRule = true

    /// Records one label.
    mutating func addLabel(rtl: Bool, satisfiesRule: Bool) {
        if rtl { hasRTL = true }
        if !satisfiesRule { allSatisfyRule = false }
    }

    /// Whether the domain name satisfies the Bidi rule.
    var isValid: Bool { !hasRTL || allSatisfyRule }
}

// MARK: - IDNA2008

/// RFC 5891 §4.2 U-label validation, RFC 5892 derived properties and contextual rules, and the
/// RFC 5893 Bidi rule, evaluated on standard-library Unicode properties.
enum IDNA {
    enum Property { case pvalid, contextJ, contextO, disallowed }

    /// RFC 5892 §2.6 exceptions (F).
    private static func exception(_ c: UInt32) -> Property? {
        switch c {
        case 0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007: return .pvalid
        case 0x00B7, 0x0375, 0x05F3, 0x05F4, 0x0660...0x0669, 0x06F0...0x06F9, 0x30FB: return .contextO
        case 0x0640, 0x07FA, 0x302E, 0x302F, 0x3031...0x3035, 0x303B: return .disallowed
        default: return nil
        }
    }

    /// The IDNA2008 derived property of a code point (RFC 5892 §3).
    static func property(_ c: UInt32) -> Property {
        if let e = exception(c) { return e }
        switch c {  // LDH (H)
        case 0x61...0x7A, 0x30...0x39, 0x2D: return .pvalid
        case 0x200C, 0x200D: return .contextJ  // JoinControl (H)
        // Fast path, no property lookup: blocks wholly made of stable, assigned letters (Lo):
        // Hangul syllables, CJK unified ideographs (+ extension A), Hiragana and Katakana letters.
        case 0xAC00...0xD7A3, 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x3041...0x3096, 0x30A1...0x30FA: return .pvalid
        default: break
        }
        guard let scalar = Unicode.Scalar(c) else { return .disallowed }
        let p = scalar.properties
        if p.generalCategory == .unassigned { return .disallowed }  // Unassigned (J)
        if p.changesWhenNFKCCaseFolded { return .disallowed }  // Unstable (B)
        if p.isDefaultIgnorableCodePoint || p.isWhitespace || p.isNoncharacterCodePoint { return .disallowed }  // (C)
        switch c {
        case 0x20D0...0x20FF, 0x1D100...0x1D24F: return .disallowed  // IgnorableBlocks (D)
        case 0x1100...0x11FF, 0xA960...0xA97F, 0xD7B0...0xD7FF: return .disallowed  // OldHangulJamo (I)
        default: break
        }
        switch p.generalCategory {  // LetterDigits (A)
        case .lowercaseLetter, .uppercaseLetter, .otherLetter, .decimalNumber, .modifierLetter,
            .nonspacingMark, .spacingMark:
            return .pvalid
        default:
            return .disallowed
        }
    }

    /// RFC 5891 §4.2.3 and RFC 5892 validation of a U-label (also records it for the Bidi rule).
    static func isValidULabel(_ label: [UInt32], _ bidi: inout BidiDomain) -> Bool {
        guard let first = label.first, let last = label.last, first != 0x2D, last != 0x2D else { return false }
        if label.count >= 4, label[2] == 0x2D, label[3] == 0x2D { return false }
        if let scalar = Unicode.Scalar(first) {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return false
            default: break
            }
        }
        for (k, c) in label.enumerated() {
            switch property(c) {
            case .pvalid: continue
            case .disallowed: return false
            case .contextJ: guard contextJ(label, k) else { return false }
            case .contextO: guard contextO(label, k) else { return false }
            }
        }
        let rule = bidiRule(label)
        bidi.addLabel(rtl: rule.rtl, satisfiesRule: rule.satisfied)
        return true
    }

    private static func isVirama(_ c: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(c) else { return false }
        return scalar.properties.canonicalCombiningClass == .virama
    }

    /// RFC 5892 Appendix A.1 (ZERO WIDTH NON-JOINER) and A.2 (ZERO WIDTH JOINER).
    private static func contextJ(_ label: [UInt32], _ k: Int) -> Bool {
        if k > 0, isVirama(label[k - 1]) { return true }
        guard label[k] == 0x200C else { return false }
        // (Joining_Type:{L,D})(Joining_Type:T)*\u200C(Joining_Type:T)*(Joining_Type:{R,D})
        var j = k - 1
        while j >= 0, joiningType(label[j]) == .transparent { j -= 1 }
        guard j >= 0 else { return false }
        let before = joiningType(label[j])
        guard before == .left || before == .dual else { return false }
        j = k + 1
        while j < label.count, joiningType(label[j]) == .transparent { j += 1 }
        guard j < label.count else { return false }
        let after = joiningType(label[j])
        return after == .right || after == .dual
    }

    /// RFC 5892 Appendix A.3–A.9.
    private static func contextO(_ label: [UInt32], _ k: Int) -> Bool {
        let c = label[k]
        switch c {
        case 0x00B7:  // MIDDLE DOT: between two 'l'
            return k > 0 && k + 1 < label.count && label[k - 1] == 0x6C && label[k + 1] == 0x6C
        case 0x0375:  // GREEK LOWER NUMERAL SIGN (KERAIA): followed by Greek
            return k + 1 < label.count && isGreek(label[k + 1])
        case 0x05F3, 0x05F4:  // HEBREW GERESH / GERSHAYIM: preceded by Hebrew
            return k > 0 && isHebrew(label[k - 1])
        case 0x30FB:  // KATAKANA MIDDLE DOT: some Hiragana, Katakana or Han in the label
            return label.contains { $0 != 0x30FB && isHiraganaKatakanaOrHan($0) }
        case 0x0660...0x0669:  // ARABIC-INDIC DIGITS: no Extended Arabic-Indic digit
            return !label.contains { (0x06F0...0x06F9).contains($0) }
        case 0x06F0...0x06F9:  // EXTENDED ARABIC-INDIC DIGITS: no Arabic-Indic digit
            return !label.contains { (0x0660...0x0669).contains($0) }
        default:
            return false
        }
    }

    // MARK: Script approximations (ranges of the script's blocks)

    static func isGreek(_ c: UInt32) -> Bool {
        switch c {
        case 0x0374, 0x037E, 0x0385, 0x0387: return false  // Common
        case 0x0370...0x03E1, 0x03F0...0x03FF, 0x1D26...0x1D2A, 0x1D5D...0x1D61, 0x1D66...0x1D6A, 0x1DBF,
            0x1F00...0x1FFE, 0x2126, 0xAB65, 0x10140...0x1018E, 0x101A0, 0x1D200...0x1D245:
            return true
        default: return false
        }
    }

    static func isHebrew(_ c: UInt32) -> Bool {
        switch c {
        case 0x0591...0x05C7, 0x05D0...0x05EA, 0x05EF...0x05F4, 0xFB1D...0xFB4F: return true
        default: return false
        }
    }

    static func isHiraganaKatakanaOrHan(_ c: UInt32) -> Bool {
        switch c {
        // Hiragana
        case 0x3041...0x3096, 0x309D...0x309F, 0x1B001...0x1B11F, 0x1B132, 0x1B150...0x1B152, 0x1F200: return true
        // Katakana
        case 0x30A1...0x30FA, 0x30FD...0x30FF, 0x31F0...0x31FF, 0x32D0...0x32FE, 0x3300...0x3357,
            0xFF66...0xFF6F, 0xFF71...0xFF9D, 0x1AFF0...0x1AFFE, 0x1B000, 0x1B120...0x1B122, 0x1B155,
            0x1B164...0x1B167:
            return true
        // Han
        case 0x2E80...0x2E99, 0x2E9B...0x2EF3, 0x2F00...0x2FD5, 0x3005, 0x3007, 0x3021...0x3029,
            0x3038...0x303B, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFA6D, 0xFA70...0xFAD9,
            0x16FE2, 0x16FE3, 0x16FF0, 0x16FF1, 0x20000...0x2A6DF, 0x2A700...0x2EE5D, 0x2F800...0x2FA1D,
            0x30000...0x323AF:
            return true
        default: return false
        }
    }

    // MARK: Joining_Type approximation

    enum JoiningType { case dual, left, right, transparent, nonJoining }

    /// Joining_Type approximated: marks and format characters are transparent; letters of the
    /// cursive-joining scripts are dual-joining except the Arabic and Syriac right-joining
    /// letters listed here; everything else is non-joining.
    static func joiningType(_ c: UInt32) -> JoiningType {
        if c == 0x200C || c == 0x200D { return .nonJoining }
        guard let scalar = Unicode.Scalar(c) else { return .nonJoining }
        let category = scalar.properties.generalCategory
        switch category {
        case .nonspacingMark, .enclosingMark, .format: return .transparent
        case .otherLetter, .modifierLetter, .lowercaseLetter, .uppercaseLetter: break
        default: return .nonJoining
        }
        switch c {
        case 0x0622...0x0625, 0x0627, 0x0629, 0x062F...0x0632, 0x0648, 0x0671...0x0673, 0x0675...0x0677,
            0x0688...0x0699, 0x06C0, 0x06C3...0x06CB, 0x06CD, 0x06CF, 0x06D2, 0x06D3, 0x06D5, 0x06EE, 0x06EF,
            0x0759...0x075B, 0x076B, 0x076C, 0x0771, 0x0773, 0x0774, 0x0778, 0x0779, 0x08AA...0x08AC, 0x08AE,
            0x08B1, 0x08B2, 0x08B9,
            0x0710, 0x0715...0x0719, 0x071E, 0x0728, 0x072A, 0x072C, 0x072F, 0x074D:
            return .right
        case 0x0621, 0x0674:
            return .nonJoining
        case 0x0620...0x06FF, 0x0710...0x074F, 0x0750...0x077F, 0x07CA...0x07EA, 0x0840...0x0858,
            0x0860...0x086A, 0x0870...0x089F, 0x08A0...0x08FF, 0x1807, 0x180A, 0x1820...0x1878, 0x1887...0x18A8,
            0x18AA, 0xA840...0xA872, 0x10AC0...0x10AEF, 0x10B80...0x10BAF, 0x10D00...0x10D23,
            0x10F30...0x10F54, 0x10F70...0x10F81, 0x10FB0...0x10FCB, 0x1E900...0x1E943:
            return .dual
        default:
            return .nonJoining
        }
    }

    // MARK: Bidi

    enum BidiClass { case l, r, al, an, en, es, cs, et, on, bn, nsm }

    /// Bidi_Class approximated for the characters that can be PVALID: marks are NSM, digits
    /// EN/AN by block, letters R or AL inside the right-to-left blocks and L elsewhere.
    static func bidiClass(_ c: UInt32) -> BidiClass {
        switch c {
        case 0x30...0x39, 0x06F0...0x06F9, 0x00B2, 0x00B3, 0x00B9, 0xFF10...0xFF19: return .en
        case 0x2D, 0x2B: return .es
        case 0x0660...0x0669, 0x066B, 0x066C, 0x06DD, 0x0890, 0x0891, 0x08E2, 0x10D30...0x10D39,
            0x10E60...0x10E7E:
            return .an
        case 0x2E, 0x2C, 0x2F, 0x3A, 0x00A0, 0x060C: return .cs
        case 0x200C, 0x200D: return .bn
        case 0x41...0x5A, 0x61...0x7A, 0xAC00...0xD7A3, 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x3041...0x3096,
            0x30A1...0x30FA:
            return .l  // fast path for common letters
        default: break
        }
        guard let scalar = Unicode.Scalar(c) else { return .on }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return .nsm
        case .format, .control: return .bn
        default: break
        }
        switch c {
        case 0x0590...0x05FF, 0x07C0...0x085F, 0xFB1D...0xFB4F, 0x10800...0x10CFF, 0x10E80...0x10EBF,
            0x10F00...0x10F2F, 0x10F70...0x10FFF, 0x1E800...0x1EC6F, 0x1ED50...0x1EDFF:
            return .r
        case 0x0600...0x07BF, 0x0860...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF, 0x10D00...0x10D3F,
            0x10EC0...0x10EFF, 0x10F30...0x10F6F, 0x1EC70...0x1ECBF, 0x1ED00...0x1ED4F, 0x1EE00...0x1EEFF:
            return .al
        default:
            return .l
        }
    }

    /// The RFC 5893 §2 Bidi rule for one label: whether the label holds an R, AL or AN
    /// character (making the name a Bidi domain name), and whether it satisfies the rule.
    static func bidiRule(_ label: [UInt32]) -> (rtl: Bool, satisfied: Bool) {
        var rtl = false
        var hasEN = false
        var hasAN = false
        var lastNonNSM: BidiClass? = nil
        var allowedInRTL = true
        var allowedInLTR = true
        for c in label {
            let cls = bidiClass(c)
            switch cls {
            case .r, .al:
                rtl = true
                allowedInLTR = false
            case .an:
                rtl = true
                hasAN = true
                allowedInLTR = false
            case .en: hasEN = true
            case .l: allowedInRTL = false
            case .es, .cs, .et, .on, .bn, .nsm: break
            }
            if cls != .nsm { lastNonNSM = cls }
        }
        guard let first = label.first, let last = lastNonNSM else { return (rtl, false) }
        switch bidiClass(first) {
        case .r, .al:  // rules 2–4
            let endOK = last == .r || last == .al || last == .en || last == .an
            return (rtl, allowedInRTL && endOK && !(hasEN && hasAN))
        case .l:  // rules 5–6
            return (rtl, allowedInLTR && (last == .l || last == .en))
        default:  // rule 1
            return (rtl, false)
        }
    }
}

// MARK: - Punycode (RFC 3492)

/// Punycode decoding and encoding with the RFC 3492 parameters and overflow checks.
enum Punycode {
    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700
    private static let initialBias = 72, initialN = 128, maxInt = Int(Int32.max)

    private static func adapt(_ delta: Int, _ numPoints: Int, _ firstTime: Bool) -> Int {
        var delta = firstTime ? delta / damp : delta / 2
        delta += delta / numPoints
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    private static func threshold(_ k: Int, _ bias: Int) -> Int {
        k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
    }

    private static func digitValue(_ b: UInt8) -> Int? {
        switch b {
        case 0x30...0x39: return Int(b) - 0x30 + 26
        case 0x41...0x5A: return Int(b) - 0x41
        case 0x61...0x7A: return Int(b) - 0x61
        default: return nil
        }
    }

    private static func digitByte(_ d: Int) -> UInt8 {
        d < 26 ? UInt8(truncatingIfNeeded: 0x61 + d) : UInt8(truncatingIfNeeded: 0x30 + d - 26)
    }

    /// Decodes `s[start..<end]` (without the `xn--` prefix); `nil` if it is not valid Punycode.
    static func decode(_ s: Span<UInt8>, _ start: Int, _ end: Int) -> [UInt32]? {
        var output: [UInt32] = []
        var delimiter = -1
        for k in start..<end where s[k] == 0x2D { delimiter = k }
        var position = start
        if delimiter >= start {
            for k in start..<delimiter {
                guard s[k] < 0x80 else { return nil }
                output.append(UInt32(s[k]))
            }
            position = delimiter + 1
        }
        var n = initialN
        var i = 0
        var bias = initialBias
        while position < end {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard position < end, let digit = digitValue(s[position]) else { return nil }
                position += 1
                guard digit <= (maxInt - i) / w else { return nil }
                i += digit * w
                let t = threshold(k, bias)
                if digit < t { break }
                guard w <= maxInt / (base - t) else { return nil }
                w *= base - t
                k += base
            }
            let count = output.count + 1
            bias = adapt(i - oldI, count, oldI == 0)
            guard i / count <= maxInt - n else { return nil }
            n += i / count
            i %= count
            guard n <= 0x10FFFF, !(0xD800...0xDFFF).contains(n) else { return nil }
            output.insert(UInt32(n), at: i)
            i += 1
        }
        return output
    }

    /// Encodes `input` (without adding the `xn--` prefix); `nil` on overflow.
    static func encode(_ input: [UInt32]) -> [UInt8]? {
        var output: [UInt8] = []
        for c in input where c < 0x80 { output.append(UInt8(truncatingIfNeeded: c)) }
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append(0x2D) }
        var n = initialN
        var delta = 0
        var bias = initialBias
        while handled < input.count {
            var m = Int.max
            for c in input where Int(c) >= n && Int(c) < m { m = Int(c) }
            guard m - n <= (maxInt - delta) / (handled + 1) else { return nil }
            delta += (m - n) * (handled + 1)
            n = m
            for c in input {
                if Int(c) < n {
                    delta += 1
                    guard delta <= maxInt else { return nil }
                }
                if Int(c) == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = threshold(k, bias)
                        if q < t { break }
                        output.append(digitByte(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digitByte(q))
                    bias = adapt(delta, handled + 1, handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return output
    }
}
