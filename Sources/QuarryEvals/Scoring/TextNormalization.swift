import Foundation

/// How strings are normalised before they are compared.
///
/// The default folds case, collapses white space and composes Unicode (NFC), so
/// `"  Bäckerei\u{0308}  HOFMANN"` and `"bäckerei hofmann"` compare equal. Override per field with
/// `"x-eval": {"normalize": {"case": false, "whitespace": true, "unicode": "nfkc", "punctuation": true}}`.
public struct TextNormalization: Sendable, Hashable {
    /// The Unicode normal form strings are put into.
    public enum UnicodeForm: String, Sendable, Hashable, CaseIterable {
        /// Leave the code points as they are.
        case none
        /// Canonical composition (`e` + combining acute becomes `é`).
        case nfc
        /// Compatibility composition (also folds `ﬁ` to `fi` and full-width digits).
        case nfkc
    }

    /// Whether upper and lower case compare equal.
    public var foldsCase: Bool
    /// Whether runs of white space compare as one space and leading or trailing space is ignored.
    public var collapsesWhitespace: Bool
    /// The Unicode normal form.
    public var unicode: UnicodeForm
    /// Whether punctuation is removed before comparing.
    public var removesPunctuation: Bool

    /// Creates a normalisation; the defaults are the standard one.
    public init(
        foldsCase: Bool = true, collapsesWhitespace: Bool = true, unicode: UnicodeForm = .nfc,
        removesPunctuation: Bool = false
    ) {
        self.foldsCase = foldsCase
        self.collapsesWhitespace = collapsesWhitespace
        self.unicode = unicode
        self.removesPunctuation = removesPunctuation
    }

    /// The standard normalisation: case folded, white space collapsed, NFC.
    public static let standard = TextNormalization()

    /// No normalisation at all: code-point equality.
    public static let none = TextNormalization(foldsCase: false, collapsesWhitespace: false, unicode: .none)

    /// `text` normalised.
    public func apply(_ text: String) -> String {
        var result = text
        switch unicode {
        case .none: break
        case .nfc: result = result.precomposedStringWithCanonicalMapping
        case .nfkc: result = result.precomposedStringWithCompatibilityMapping
        }
        if foldsCase { result = result.lowercased() }
        if removesPunctuation {
            result = String(String.UnicodeScalarView(result.unicodeScalars.filter { !Self.isPunctuation($0) }))
        }
        if collapsesWhitespace {
            result = result.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        return result
    }

    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }
}
