/// A JSON Schema dialect.
///
/// A schema chooses its draft with `$schema`; a schema without one uses
/// ``SchemaOptions/defaultDraft`` (draft 2020-12 unless set). Each schema resource keeps its own
/// draft, so a 2020-12 schema may reference a draft 7 schema and each is evaluated by its rules.
public enum Draft: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Draft 4 (`http://json-schema.org/draft-04/schema#`). Supported on a best-effort basis.
    case draft4 = "4"
    /// Draft 6 (`http://json-schema.org/draft-06/schema#`). Supported on a best-effort basis.
    case draft6 = "6"
    /// Draft 7 (`http://json-schema.org/draft-07/schema#`).
    case draft7 = "7"
    /// Draft 2019-09 (`https://json-schema.org/draft/2019-09/schema`).
    // swift-format-ignore: AlwaysUseLowerCamelCase
    case draft2019_09 = "2019-09"
    /// Draft 2020-12 (`https://json-schema.org/draft/2020-12/schema`), the default.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    case draft2020_12 = "2020-12"

    /// The canonical metaschema URI of the draft.
    public var metaschemaURI: String {
        switch self {
        case .draft4: return "http://json-schema.org/draft-04/schema#"
        case .draft6: return "http://json-schema.org/draft-06/schema#"
        case .draft7: return "http://json-schema.org/draft-07/schema#"
        case .draft2019_09: return "https://json-schema.org/draft/2019-09/schema"
        case .draft2020_12: return "https://json-schema.org/draft/2020-12/schema"
        }
    }

    /// The draft whose metaschema is `uri`, ignoring an empty fragment and the scheme's `s`.
    public init?(metaschemaURI uri: String) {
        var normalized = uri
        if normalized.hasSuffix("#") { normalized.removeLast() }
        if normalized.hasPrefix("https://") { normalized = "http://" + normalized.dropFirst("https://".count) }
        switch normalized {
        case "http://json-schema.org/draft-04/schema": self = .draft4
        case "http://json-schema.org/draft-06/schema": self = .draft6
        case "http://json-schema.org/draft-07/schema": self = .draft7
        case "http://json-schema.org/draft/2019-09/schema": self = .draft2019_09
        case "http://json-schema.org/draft/2020-12/schema": self = .draft2020_12
        default: return nil
        }
    }

    /// Parses a command-line spelling: `2020-12`, `2019-09`, `7`, `6`, `4` (with or without a
    /// `draft` prefix).
    public init?(name: String) {
        var name = name.lowercased()
        if name.hasPrefix("draft") { name = String(name.dropFirst(5)) }
        if name.hasPrefix("-") { name = String(name.dropFirst()) }
        if name.hasPrefix("0") { name = String(name.dropFirst()) }
        self.init(rawValue: name)
    }

    /// Orders drafts by publication.
    public static func < (lhs: Draft, rhs: Draft) -> Bool {
        lhs.order < rhs.order
    }

    private var order: Int {
        switch self {
        case .draft4: return 4
        case .draft6: return 6
        case .draft7: return 7
        case .draft2019_09: return 2019
        case .draft2020_12: return 2020
        }
    }

    /// Whether `$ref` makes its sibling keywords ignored (drafts before 2019-09).
    var refOverridesSiblings: Bool { self <= .draft7 }

    /// The keyword that declares a schema's identifier.
    var idKeyword: String { self == .draft4 ? "id" : "$id" }
}
