/// A set of Unicode general categories, one bit per `Unicode.GeneralCategory` case.
struct GeneralCategorySet: Hashable, Sendable {
    var bits: UInt32

    static let empty = GeneralCategorySet(bits: 0)
    static let all = GeneralCategorySet(bits: (1 << 30) - 1)

    static func bit(_ category: Unicode.GeneralCategory) -> UInt32 {
        switch category {
        case .uppercaseLetter: return 1 << 0
        case .lowercaseLetter: return 1 << 1
        case .titlecaseLetter: return 1 << 2
        case .modifierLetter: return 1 << 3
        case .otherLetter: return 1 << 4
        case .nonspacingMark: return 1 << 5
        case .spacingMark: return 1 << 6
        case .enclosingMark: return 1 << 7
        case .decimalNumber: return 1 << 8
        case .letterNumber: return 1 << 9
        case .otherNumber: return 1 << 10
        case .connectorPunctuation: return 1 << 11
        case .dashPunctuation: return 1 << 12
        case .openPunctuation: return 1 << 13
        case .closePunctuation: return 1 << 14
        case .initialPunctuation: return 1 << 15
        case .finalPunctuation: return 1 << 16
        case .otherPunctuation: return 1 << 17
        case .mathSymbol: return 1 << 18
        case .currencySymbol: return 1 << 19
        case .modifierSymbol: return 1 << 20
        case .otherSymbol: return 1 << 21
        case .spaceSeparator: return 1 << 22
        case .lineSeparator: return 1 << 23
        case .paragraphSeparator: return 1 << 24
        case .control: return 1 << 25
        case .format: return 1 << 26
        case .surrogate: return 1 << 27
        case .privateUse: return 1 << 28
        case .unassigned: return 1 << 29
        @unknown default: return 1 << 29
        }
    }

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        bits & GeneralCategorySet.bit(scalar.properties.generalCategory) != 0
    }

    var complement: GeneralCategorySet { GeneralCategorySet(bits: ~bits & GeneralCategorySet.all.bits) }

    /// Looks up a General_Category value by any of its ECMA-262 names (Table 67).
    static func named(_ name: String) -> GeneralCategorySet? {
        let lu: UInt32 = 1 << 0
        let ll: UInt32 = 1 << 1
        let lt: UInt32 = 1 << 2
        let lm: UInt32 = 1 << 3
        let lo: UInt32 = 1 << 4
        let mn: UInt32 = 1 << 5
        let mc: UInt32 = 1 << 6
        let me: UInt32 = 1 << 7
        let nd: UInt32 = 1 << 8
        let nl: UInt32 = 1 << 9
        let no: UInt32 = 1 << 10
        let pc: UInt32 = 1 << 11
        let pd: UInt32 = 1 << 12
        let ps: UInt32 = 1 << 13
        let pe: UInt32 = 1 << 14
        let pi: UInt32 = 1 << 15
        let pf: UInt32 = 1 << 16
        let po: UInt32 = 1 << 17
        let sm: UInt32 = 1 << 18
        let sc: UInt32 = 1 << 19
        let sk: UInt32 = 1 << 20
        let so: UInt32 = 1 << 21
        let zs: UInt32 = 1 << 22
        let zl: UInt32 = 1 << 23
        let zp: UInt32 = 1 << 24
        let cc: UInt32 = 1 << 25
        let cf: UInt32 = 1 << 26
        let cs: UInt32 = 1 << 27
        let co: UInt32 = 1 << 28
        let cn: UInt32 = 1 << 29
        let bits: UInt32
        switch name {
        case "L", "Letter": bits = lu | ll | lt | lm | lo
        case "LC", "Cased_Letter": bits = lu | ll | lt
        case "Lu", "Uppercase_Letter": bits = lu
        case "Ll", "Lowercase_Letter": bits = ll
        case "Lt", "Titlecase_Letter": bits = lt
        case "Lm", "Modifier_Letter": bits = lm
        case "Lo", "Other_Letter": bits = lo
        case "M", "Mark", "Combining_Mark": bits = mn | mc | me
        case "Mn", "Nonspacing_Mark": bits = mn
        case "Mc", "Spacing_Mark": bits = mc
        case "Me", "Enclosing_Mark": bits = me
        case "N", "Number": bits = nd | nl | no
        case "Nd", "Decimal_Number", "digit": bits = nd
        case "Nl", "Letter_Number": bits = nl
        case "No", "Other_Number": bits = no
        case "P", "Punctuation", "punct": bits = pc | pd | ps | pe | pi | pf | po
        case "Pc", "Connector_Punctuation": bits = pc
        case "Pd", "Dash_Punctuation": bits = pd
        case "Ps", "Open_Punctuation": bits = ps
        case "Pe", "Close_Punctuation": bits = pe
        case "Pi", "Initial_Punctuation": bits = pi
        case "Pf", "Final_Punctuation": bits = pf
        case "Po", "Other_Punctuation": bits = po
        case "S", "Symbol": bits = sm | sc | sk | so
        case "Sm", "Math_Symbol": bits = sm
        case "Sc", "Currency_Symbol": bits = sc
        case "Sk", "Modifier_Symbol": bits = sk
        case "So", "Other_Symbol": bits = so
        case "Z", "Separator": bits = zs | zl | zp
        case "Zs", "Space_Separator": bits = zs
        case "Zl", "Line_Separator": bits = zl
        case "Zp", "Paragraph_Separator": bits = zp
        case "C", "Other": bits = cc | cf | cs | co | cn
        case "Cc", "Control", "cntrl": bits = cc
        case "Cf", "Format": bits = cf
        case "Cs", "Surrogate": bits = cs
        case "Co", "Private_Use": bits = co
        case "Cn", "Unassigned": bits = cn
        default: return nil
        }
        return GeneralCategorySet(bits: bits)
    }
}

/// The binary Unicode properties of ECMA-262 Table 68 that the standard library can answer.
enum BinaryUnicodeProperty: Hashable, Sendable {
    case any, ascii, assigned
    case asciiHexDigit, alphabetic, bidiControl, bidiMirrored, caseIgnorable, cased
    case changesWhenCasefolded, changesWhenCasemapped, changesWhenLowercased
    case changesWhenNFKCCasefolded, changesWhenTitlecased, changesWhenUppercased
    case dash, defaultIgnorable, deprecated, diacritic, emoji, emojiModifier, emojiModifierBase
    case emojiPresentation, extender, graphemeBase, graphemeExtend, hexDigit
    case idsBinaryOperator, idsTrinaryOperator, idContinue, idStart, ideographic, joinControl
    case logicalOrderException, lowercase, math, noncharacter, patternSyntax, patternWhiteSpace
    case quotationMark, radical, regionalIndicator, sentenceTerminal, softDotted, terminalPunctuation
    case unifiedIdeograph, uppercase, variationSelector, whiteSpace, xidContinue, xidStart

    static func named(_ name: String) -> BinaryUnicodeProperty? {
        switch name {
        case "Any": return .any
        case "ASCII": return .ascii
        case "Assigned": return .assigned
        case "ASCII_Hex_Digit", "AHex": return .asciiHexDigit
        case "Alphabetic", "Alpha": return .alphabetic
        case "Bidi_Control", "Bidi_C": return .bidiControl
        case "Bidi_Mirrored", "Bidi_M": return .bidiMirrored
        case "Case_Ignorable", "CI": return .caseIgnorable
        case "Cased": return .cased
        case "Changes_When_Casefolded", "CWCF": return .changesWhenCasefolded
        case "Changes_When_Casemapped", "CWCM": return .changesWhenCasemapped
        case "Changes_When_Lowercased", "CWL": return .changesWhenLowercased
        case "Changes_When_NFKC_Casefolded", "CWKCF": return .changesWhenNFKCCasefolded
        case "Changes_When_Titlecased", "CWT": return .changesWhenTitlecased
        case "Changes_When_Uppercased", "CWU": return .changesWhenUppercased
        case "Dash": return .dash
        case "Default_Ignorable_Code_Point", "DI": return .defaultIgnorable
        case "Deprecated", "Dep": return .deprecated
        case "Diacritic", "Dia": return .diacritic
        case "Emoji": return .emoji
        case "Emoji_Modifier", "EMod": return .emojiModifier
        case "Emoji_Modifier_Base", "EBase": return .emojiModifierBase
        case "Emoji_Presentation", "EPres": return .emojiPresentation
        case "Extender", "Ext": return .extender
        case "Grapheme_Base", "Gr_Base": return .graphemeBase
        case "Grapheme_Extend", "Gr_Ext": return .graphemeExtend
        case "Hex_Digit", "Hex": return .hexDigit
        case "IDS_Binary_Operator", "IDSB": return .idsBinaryOperator
        case "IDS_Trinary_Operator", "IDST": return .idsTrinaryOperator
        case "ID_Continue", "IDC": return .idContinue
        case "ID_Start", "IDS": return .idStart
        case "Ideographic", "Ideo": return .ideographic
        case "Join_Control", "Join_C": return .joinControl
        case "Logical_Order_Exception", "LOE": return .logicalOrderException
        case "Lowercase", "Lower": return .lowercase
        case "Math": return .math
        case "Noncharacter_Code_Point", "NChar": return .noncharacter
        case "Pattern_Syntax", "Pat_Syn": return .patternSyntax
        case "Pattern_White_Space", "Pat_WS": return .patternWhiteSpace
        case "Quotation_Mark", "QMark": return .quotationMark
        case "Radical": return .radical
        case "Regional_Indicator", "RI": return .regionalIndicator
        case "Sentence_Terminal", "STerm": return .sentenceTerminal
        case "Soft_Dotted", "SD": return .softDotted
        case "Terminal_Punctuation", "Term": return .terminalPunctuation
        case "Unified_Ideograph", "UIdeo": return .unifiedIdeograph
        case "Uppercase", "Upper": return .uppercase
        case "Variation_Selector", "VS": return .variationSelector
        case "White_Space", "space": return .whiteSpace
        case "XID_Continue", "XIDC": return .xidContinue
        case "XID_Start", "XIDS": return .xidStart
        default: return nil
        }
    }

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let p = scalar.properties
        switch self {
        case .any: return true
        case .ascii: return scalar.value < 0x80
        case .assigned: return p.generalCategory != .unassigned
        case .asciiHexDigit: return p.isASCIIHexDigit
        case .alphabetic: return p.isAlphabetic
        case .bidiControl: return p.isBidiControl
        case .bidiMirrored: return p.isBidiMirrored
        case .caseIgnorable: return p.isCaseIgnorable
        case .cased: return p.isCased
        case .changesWhenCasefolded: return p.changesWhenCaseFolded
        case .changesWhenCasemapped: return p.changesWhenCaseMapped
        case .changesWhenLowercased: return p.changesWhenLowercased
        case .changesWhenNFKCCasefolded: return p.changesWhenNFKCCaseFolded
        case .changesWhenTitlecased: return p.changesWhenTitlecased
        case .changesWhenUppercased: return p.changesWhenUppercased
        case .dash: return p.isDash
        case .defaultIgnorable: return p.isDefaultIgnorableCodePoint
        case .deprecated: return p.isDeprecated
        case .diacritic: return p.isDiacritic
        case .emoji: return p.isEmoji
        case .emojiModifier: return p.isEmojiModifier
        case .emojiModifierBase: return p.isEmojiModifierBase
        case .emojiPresentation: return p.isEmojiPresentation
        case .extender: return p.isExtender
        case .graphemeBase: return p.isGraphemeBase
        case .graphemeExtend: return p.isGraphemeExtend
        case .hexDigit: return p.isHexDigit
        case .idsBinaryOperator: return p.isIDSBinaryOperator
        case .idsTrinaryOperator: return p.isIDSTrinaryOperator
        case .idContinue: return p.isIDContinue
        case .idStart: return p.isIDStart
        case .ideographic: return p.isIdeographic
        case .joinControl: return p.isJoinControl
        case .logicalOrderException: return p.isLogicalOrderException
        case .lowercase: return p.isLowercase
        case .math: return p.isMath
        case .noncharacter: return p.isNoncharacterCodePoint
        case .patternSyntax: return p.isPatternSyntax
        case .patternWhiteSpace: return p.isPatternWhitespace
        case .quotationMark: return p.isQuotationMark
        case .radical: return p.isRadical
        case .regionalIndicator: return (0x1F1E6...0x1F1FF).contains(scalar.value)
        case .sentenceTerminal: return p.isSentenceTerminal
        case .softDotted: return p.isSoftDotted
        case .terminalPunctuation: return p.isTerminalPunctuation
        case .unifiedIdeograph: return p.isUnifiedIdeograph
        case .uppercase: return p.isUppercase
        case .variationSelector: return p.isVariationSelector
        case .whiteSpace: return p.isWhitespace
        case .xidContinue: return p.isXIDContinue
        case .xidStart: return p.isXIDStart
        }
    }
}

/// A set of code points: the meaning of `[...]`, `.`, `\d`, `\p{...}` and friends.
///
/// Membership is `(ranges ∪ categories ∪ properties ∪ ¬negatedProperties)`, complemented
/// when `negated` is set. Ranges are kept sorted and merged. Code points are `UInt32` so
/// that lone surrogates written as `\uD800` can be represented (they never match input,
/// since Swift strings hold only Unicode scalars).
struct RegexCharacterClass: Hashable, Sendable {
    /// Flattened, sorted, non-overlapping, non-adjacent inclusive ranges: lo0, hi0, lo1, hi1, …
    private(set) var ranges: [UInt32] = []
    var categories: GeneralCategorySet = .empty
    var properties: [BinaryUnicodeProperty] = []
    var negatedProperties: [BinaryUnicodeProperty] = []
    var negated = false

    init() {}

    init(ranges pairs: [(UInt32, UInt32)], negated: Bool = false) {
        for (lo, hi) in pairs { insert(lo, hi) }
        self.negated = negated
    }

    // MARK: Well-known sets

    static let digits = RegexCharacterClass(ranges: [(0x30, 0x39)])
    static let wordCharacters = RegexCharacterClass(ranges: [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)])
    /// ECMA-262 WhiteSpace and LineTerminator: TAB VT FF SP NBSP ZWNBSP, Zs, LF CR LS PS.
    static let whiteSpace = RegexCharacterClass(ranges: [
        (0x09, 0x0D), (0x20, 0x20), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A),
        (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000), (0xFEFF, 0xFEFF),
    ])
    static let lineTerminators = RegexCharacterClass(ranges: [(0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029)])
    /// `.` without the `s` flag.
    static let dot = RegexCharacterClass(ranges: [(0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029)], negated: true)

    // MARK: Building

    mutating func insert(_ lo: UInt32, _ hi: UInt32) {
        guard lo <= hi else { return }
        var newLo = lo
        var newHi = hi
        var result: [UInt32] = []
        result.reserveCapacity(ranges.count + 2)
        var inserted = false
        var i = 0
        while i < ranges.count {
            let rLo = ranges[i]
            let rHi = ranges[i + 1]
            if rHi < newLo && rHi &+ 1 < newLo {
                result.append(rLo)
                result.append(rHi)
            } else if newHi < rLo && newHi &+ 1 < rLo {
                if !inserted {
                    result.append(newLo)
                    result.append(newHi)
                    inserted = true
                }
                result.append(rLo)
                result.append(rHi)
            } else {
                newLo = min(newLo, rLo)
                newHi = max(newHi, rHi)
            }
            i += 2
        }
        if !inserted {
            result.append(newLo)
            result.append(newHi)
        }
        ranges = result
    }

    /// Adds every member of `other`, which must not be negated (the parser only produces
    /// non-negated operands: `\D`, `\W`, `\S` and `\P{..}` are built already complemented).
    mutating func formUnion(_ other: RegexCharacterClass) {
        var i = 0
        while i < other.ranges.count {
            insert(other.ranges[i], other.ranges[i + 1])
            i += 2
        }
        categories.bits |= other.categories.bits
        properties.append(contentsOf: other.properties)
        negatedProperties.append(contentsOf: other.negatedProperties)
    }

    /// The complement of a range-only class, as a non-negated range-only class.
    func complementedRanges() -> RegexCharacterClass {
        var result = RegexCharacterClass()
        var next: UInt32 = 0
        var i = 0
        while i < ranges.count {
            if ranges[i] > next { result.insert(next, ranges[i] - 1) }
            next = ranges[i + 1] &+ 1
            i += 2
        }
        if next <= 0x10FFFF { result.insert(next, 0x10FFFF) }
        return result
    }

    // MARK: Membership

    func contains(_ value: UInt32) -> Bool {
        containsIgnoringNegation(value) != negated
    }

    private func containsIgnoringNegation(_ value: UInt32) -> Bool {
        if rangesContain(value) { return true }
        if categories.bits == 0 && properties.isEmpty && negatedProperties.isEmpty { return false }
        guard let scalar = Unicode.Scalar(value) else {
            // Lone surrogate code point: General_Category Cs, no binary properties.
            if categories.bits & (1 << 27) != 0 { return true }
            return properties.contains(.any) || properties.contains(.assigned) || !negatedProperties.isEmpty
        }
        if categories.bits != 0 && categories.contains(scalar) { return true }
        for p in properties where p.contains(scalar) { return true }
        for p in negatedProperties where !p.contains(scalar) { return true }
        return false
    }

    @inline(__always)
    func rangesContain(_ value: UInt32) -> Bool {
        var lo = 0
        var hi = ranges.count / 2
        while lo < hi {
            let mid = (lo + hi) >> 1
            if ranges[2 * mid + 1] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo < ranges.count / 2 && ranges[2 * lo] <= value
    }

    /// The single code point this class matches, if it matches exactly one and is range-only.
    var singleCodePoint: UInt32? {
        if !negated && categories.bits == 0 && properties.isEmpty && negatedProperties.isEmpty
            && ranges.count == 2 && ranges[0] == ranges[1]
        {
            return ranges[0]
        }
        return nil
    }
}

/// A character class prepared for matching: a trivially copyable ASCII bitmap answers most
/// lookups; other code points consult `RegexProgram.slowSets[slowIndex]`.
struct CompiledCharacterClass: Sendable {
    let asciiLow: UInt64
    let asciiHigh: UInt64
    /// True when no code point ≥ 0x80 is a member (lets the matcher skip the slow path).
    let asciiOnly: Bool
    /// Index of the full set in `RegexProgram.slowSets`.
    let slowIndex: Int

    init(_ set: RegexCharacterClass, slowIndex: Int) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        for c in UInt32(0)..<128 where set.contains(c) {
            if c < 64 { low |= 1 << UInt64(c) } else { high |= 1 << UInt64(c - 64) }
        }
        asciiLow = low
        asciiHigh = high
        self.slowIndex = slowIndex
        asciiOnly =
            !set.negated && set.categories.bits == 0 && set.properties.isEmpty
            && set.negatedProperties.isEmpty && (set.ranges.last ?? 0) < 0x80
    }

    @inline(__always)
    func contains(_ c: UInt32, _ slowSets: UnsafeBufferPointer<RegexCharacterClass>) -> Bool {
        if c < 64 { return asciiLow & (1 << UInt64(c)) != 0 }
        if c < 128 { return asciiHigh & (1 << UInt64(c - 64)) != 0 }
        if asciiOnly { return false }
        return slowSets[slowIndex].contains(c)
    }
}
