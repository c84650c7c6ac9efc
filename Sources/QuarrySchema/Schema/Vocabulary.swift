/// The vocabularies of drafts 2019-09 and 2020-12 that change validation.
///
/// A metaschema's `$vocabulary` lists the vocabularies a dialect uses; keywords of a vocabulary
/// that is not listed are ignored. Earlier drafts have no vocabularies: everything applies.
struct Vocabularies: Sendable, Hashable {
    var applicator = true
    var validation = true
    var unevaluated = true
    var formatAssertion = false

    static let all = Vocabularies()

    /// The vocabularies listed in a metaschema's `$vocabulary` object.
    init(declared: JSONObject) {
        applicator = false
        validation = false
        unevaluated = false
        formatAssertion = false
        for key in declared.keys {
            switch key {
            case "https://json-schema.org/draft/2020-12/vocab/applicator",
                "https://json-schema.org/draft/2019-09/vocab/applicator":
                applicator = true
                if key.contains("2019-09") { unevaluated = true }
            case "https://json-schema.org/draft/2020-12/vocab/unevaluated": unevaluated = true
            case "https://json-schema.org/draft/2020-12/vocab/validation",
                "https://json-schema.org/draft/2019-09/vocab/validation":
                validation = true
            case "https://json-schema.org/draft/2020-12/vocab/format-assertion": formatAssertion = true
            default: break
            }
        }
    }

    init() {}
}
