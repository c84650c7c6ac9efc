/// Swift identifiers from arbitrary JSON names: camelCase for properties and cases,
/// UpperCamelCase for types, keywords escaped, anything else spelled out readably and stably.
enum SafeNameGenerator {
    /// Swift keywords that need backticks as property or case names.
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
        "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw",
        "switch", "where", "while", "as", "false", "is", "nil", "super", "self", "Self", "throws", "true", "try",
        "Any", "await", "async", "some", "any",
    ]

    /// Names a generated type must not take, because generated code refers to these types.
    static let reservedTypeNames: Set<String> = [
        "String", "Int", "Int64", "Double", "Float", "Bool", "Decimal", "Data", "Date", "URL", "UUID", "Array",
        "Dictionary", "Optional", "Set", "Character", "Error", "Type", "Self", "Protocol", "Any", "AnyObject",
        "Never", "Void", "Codable", "Decodable", "Encodable", "Hashable", "Equatable", "Sendable", "Decoder",
        "Encoder", "CodingKey", "CodingKeys", "DecodingError", "EncodingError", "Swift", "Foundation", "Quarry",
        "QuarrySchema", "JSONValue", "JSONObject", "JSONNumber", "JSONNullable", "Indirect", "AnyCodingKey",
        "Schema", "EmbeddedSchema", "Extractable", "Extraction", "FormattedString", "DateTimeString", "DateString",
        "URIString", "UUIDString", "ValidatedDecodingError",
    ]

    /// Property and case names generated code declares itself.
    static let reservedMemberNames: Set<String> = [
        "additionalProperties", "hashValue", "self", "Self", "Type", "Protocol",
    ]

    /// Splits a name into words at non-alphanumerics and lower-to-upper case changes.
    static func words(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousWasLower = false
        for scalar in name.unicodeScalars {
            let isAlphanumeric = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
            if !scalar.isASCII, isIdentifierLetter(scalar) {
                current.unicodeScalars.append(scalar)
                previousWasLower = scalar.properties.isLowercase
                continue
            }
            if !scalar.isASCII {
                // Spelled out so the identifier is always valid and stable: ✓ becomes u2713.
                if !current.isEmpty { words.append(current) }
                words.append("u" + String(format4(scalar.value)))
                current = ""
                previousWasLower = false
                continue
            }
            guard isAlphanumeric else {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousWasLower = false
                continue
            }
            let isUpper = scalar.properties.isUppercase
            if isUpper && previousWasLower && !current.isEmpty {
                words.append(current)
                current = ""
            }
            current.unicodeScalars.append(scalar)
            previousWasLower = scalar.properties.isLowercase || ("0"..."9").contains(scalar)
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Non-ASCII letters Swift accepts anywhere in an identifier (a conservative subset of the
    /// language's identifier ranges: Latin, Greek, Cyrillic and other alphabets, CJK).
    private static func isIdentifierLetter(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.properties.isAlphabetic else { return false }
        switch scalar.value {
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x167F, 0x1E00...0x1FFF, 0x3040...0xD7FF,
            0xF900...0xFD3D:
            return true
        default:
            return false
        }
    }

    private static func format4(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private static func capitalized(_ word: String) -> String {
        guard let first = word.first else { return word }
        return first.uppercased() + word.dropFirst()
    }

    /// `invoice_number` → `invoiceNumber`; `2fa` → `_2fa`; `` → `empty`; `class` → `` `class` ``.
    static func memberName(_ name: String) -> String {
        let parts = words(name)
        guard let first = parts.first else { return name.isEmpty ? "empty" : "_" + symbolName(name) }
        var identifier = first.allSatisfy({ $0.isUppercase || $0.isNumber }) ? first.lowercased() : lowerFirst(first)
        for part in parts.dropFirst() { identifier += capitalized(part) }
        if let leading = identifier.first, leading.isNumber { identifier = "_" + identifier }
        return keywords.contains(identifier) ? "`\(identifier)`" : identifier
    }

    /// `line_item` → `LineItem`; `2fa` → `_2fa`; names that clash with Swift or Quarry types get
    /// a `Type` suffix.
    static func typeName(_ name: String) -> String {
        let parts = words(name)
        guard !parts.isEmpty else { return name.isEmpty ? "Empty" : "_" + symbolName(name) }
        var identifier = parts.map(capitalized).joined()
        if let leading = identifier.first, leading.isNumber { identifier = "_" + identifier }
        if reservedTypeNames.contains(identifier) || keywords.contains(identifier) { identifier += "Type" }
        return identifier
    }

    /// A name made only of punctuation (`$`, `-`), spelled out by code point.
    private static func symbolName(_ name: String) -> String {
        name.unicodeScalars.map { "x" + format4($0.value) }.joined()
    }

    private static func lowerFirst(_ word: String) -> String {
        guard let first = word.first else { return word }
        return first.lowercased() + word.dropFirst()
    }

    /// `line_items` → `line_item`, for naming the element type of an array property.
    static func singular(_ name: String) -> String {
        if name.hasSuffix("ies"), name.count > 4 { return String(name.dropLast(3)) + "y" }
        if name.hasSuffix("sses") { return String(name.dropLast(2)) }
        if name.hasSuffix("s"), !name.hasSuffix("ss"), name.count > 3 { return String(name.dropLast()) }
        return name + "_item"
    }

    /// `name` made unique among `taken` by appending 2, 3, ...; the result is added to `taken`.
    static func unique(_ name: String, in taken: inout Set<String>) -> String {
        let bare = name.hasPrefix("`") ? String(name.dropFirst().dropLast()) : name
        var candidate = bare
        var counter = 2
        while taken.contains(candidate) {
            candidate = bare + String(counter)
            counter += 1
        }
        taken.insert(candidate)
        return keywords.contains(candidate) ? "`\(candidate)`" : candidate
    }
}
