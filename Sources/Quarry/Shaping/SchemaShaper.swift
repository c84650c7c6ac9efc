import QuarrySchema

/// Produces the schema sent to a grammar decoder and the prompt lines describing what it will
/// not enforce (see ``RequestShaping``).
public enum SchemaShaper {
    /// The result of shaping one schema.
    public struct Shaped: Sendable, Hashable {
        /// The schema to send: the original with `maxItems` on every unbounded array.
        public var schema: JSONValue
        /// One line per constraint the decoder ignores, for the system prompt.
        public var notes: [String]
        /// What was changed in the sent schema, one line each (for the attempt record).
        public var changes: [String]
        /// ``notes`` as the paragraph appended to the system prompt (empty without notes),
        /// written once per schema with the rest of the result.
        let promptNotes: String

        init(schema: JSONValue, notes: [String], changes: [String]) {
            self.schema = schema
            self.notes = notes
            self.changes = changes
            promptNotes =
                notes.isEmpty
                ? ""
                : "\n\nThe decoder does not check these rules; follow them:\n"
                    + notes.map { "- \($0)" }.joined(separator: "\n")
        }
    }

    /// Shapes `schema` with `settings`. The result is computed once per schema document and
    /// settings and then reused (a compiled `Schema` hands out the same document every time),
    /// so every extraction with a shaping provider does not walk the schema again, and the
    /// shaped schema it sends is the same value each time (its text is cached too).
    public static func shape(_ schema: JSONValue, with settings: GrammarShaping) -> Shaped {
        memo.value(for: schema, variant: settings) { schema in
            var notes: [String] = []
            var changes: [String] = []
            let shaped = visit(schema, path: "", settings: settings, notes: &notes, changes: &changes, depth: 0)
            return Shaped(schema: shaped, notes: settings.describesIgnoredConstraints ? notes : [], changes: changes)
        }
    }

    private static let memo = DocumentMemo<GrammarShaping, Shaped>()

    /// Keywords holding one subschema, with the readable path segment each adds.
    private static let single: [(String, String)] = [
        ("items", "[]"), ("additionalProperties", ".*"), ("not", ""), ("if", ""), ("then", ""), ("else", ""),
        ("contains", "[]"), ("unevaluatedItems", "[]"), ("unevaluatedProperties", ".*"),
    ]

    private static func visit(
        _ schema: JSONValue, path: String, settings: GrammarShaping, notes: inout [String], changes: inout [String],
        depth: Int
    ) -> JSONValue {
        guard case .object(var keywords) = schema, depth < 64 else { return schema }
        let label = path.isEmpty ? "the value" : path
        if keywords["type"] == .string("array") || keywords["items"] != nil, keywords["maxItems"] == nil {
            var cap = max(settings.arrayCap, keywords["minItems"]?.numberValue?.intValue ?? 0)
            if keywords["uniqueItems"] == .bool(true), let allowed = keywords["items"]?.objectValue?["enum"]?.arrayValue
            {
                cap = min(cap, max(allowed.count, keywords["minItems"]?.numberValue?.intValue ?? 0))
            }
            keywords["maxItems"] = .number(JSONNumber(cap))
            changes.append("\(label): maxItems \(cap) added (the decoder would let the model repeat items)")
        }
        if keywords["uniqueItems"] == .bool(true) { notes.append("\(label): list each item once, no repeats") }
        if let divisor = keywords["multipleOf"]?.numberValue {
            notes.append("\(label): a multiple of \(divisor)")
        }
        let isNumber = keywords["type"] == .string("number")
        for (keyword, phrase) in [
            ("minimum", "at least"), ("maximum", "at most"), ("exclusiveMinimum", "more than"),
            ("exclusiveMaximum", "less than"),
        ] where isNumber {
            if let bound = keywords[keyword]?.numberValue { notes.append("\(label): \(phrase) \(bound)") }
        }
        if let format = keywords["format"]?.stringValue {
            notes.append("\(label): \(formatDescription(format))")
        }
        if let pattern = keywords["pattern"]?.stringValue, !(pattern.hasPrefix("^") && pattern.hasSuffix("$")) {
            notes.append("\(label): must match the regular expression \(pattern)")
        }
        for (keyword, segment) in single {
            if let child = keywords[keyword] {
                keywords[keyword] = visit(
                    child, path: path + segment, settings: settings, notes: &notes, changes: &changes, depth: depth + 1)
            }
        }
        for keyword in ["allOf", "anyOf", "oneOf", "prefixItems"] {
            guard let children = keywords[keyword]?.arrayValue else { continue }
            keywords[keyword] = .array(
                children.enumerated().map { index, child in
                    visit(
                        child, path: keyword == "prefixItems" ? "\(path)[\(index)]" : path, settings: settings,
                        notes: &notes, changes: &changes, depth: depth + 1)
                })
        }
        for keyword in ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"] {
            guard let children = keywords[keyword]?.objectValue else { continue }
            var shaped = JSONObject()
            for (name, child) in children {
                let childPath: String
                switch keyword {
                case "properties": childPath = path.isEmpty ? name : "\(path).\(name)"
                case "$defs", "definitions": childPath = "every \(name) (\(keyword)/\(name))"
                default: childPath = path.isEmpty ? "*" : "\(path).*"
                }
                shaped[name] = visit(
                    child, path: childPath, settings: settings, notes: &notes, changes: &changes, depth: depth + 1)
            }
            keywords[keyword] = .object(shaped)
        }
        return .object(keywords)
    }

    private static func formatDescription(_ format: String) -> String {
        switch format {
        case "date": return "a date written YYYY-MM-DD"
        case "date-time": return "a date and time written YYYY-MM-DDThh:mm:ssZ (RFC 3339)"
        case "time": return "a time written hh:mm:ss"
        case "email": return "an email address"
        case "uri": return "an absolute URI"
        case "uuid": return "a UUID"
        default: return "in the \(format) format"
        }
    }
}
