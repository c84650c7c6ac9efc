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
    ///
    /// - Parameters:
    ///   - schema: The schema as written.
    ///   - settings: The shaping settings.
    ///   - forCompiledGrammar: Whether the request carries the grammar Quarry compiles from the
    ///     shaped schema (``ExtractionPolicy/grammarCompilation``) rather than the schema itself:
    ///     the notes then leave out what that grammar enforces (money decimals, non-negative
    ///     numbers, dates, times, UUIDs, e-mail addresses) and add the integer bounds it does not.
    public static func shape(
        _ schema: JSONValue, with settings: GrammarShaping, forCompiledGrammar: Bool = false
    ) -> Shaped {
        memo.value(for: schema, variant: Variant(settings: settings, forCompiledGrammar: forCompiledGrammar)) {
            schema in
            var visitor = Visitor(settings: settings, forCompiledGrammar: forCompiledGrammar)
            let shaped = visitor.visit(schema, path: "", depth: 0)
            return Shaped(
                schema: shaped, notes: settings.describesIgnoredConstraints ? visitor.notes : [],
                changes: visitor.changes)
        }
    }

    private struct Variant: Hashable, Sendable {
        let settings: GrammarShaping
        let forCompiledGrammar: Bool
    }

    private static let memo = DocumentMemo<Variant, Shaped>()

    /// Keywords holding one subschema, with the readable path segment each adds.
    private static let single: [(String, String)] = [
        ("items", "[]"), ("additionalProperties", ".*"), ("not", ""), ("if", ""), ("then", ""), ("else", ""),
        ("contains", "[]"), ("unevaluatedItems", "[]"), ("unevaluatedProperties", ".*"),
    ]

    /// One walk over a schema, collecting notes and changes.
    private struct Visitor {
        let settings: GrammarShaping
        let forCompiledGrammar: Bool
        var notes: [String] = []
        var changes: [String] = []

        /// Whether the decoder checks `keyword` of `keywords` itself, so it needs no note.
        func decoderEnforces(_ keyword: String, in keywords: JSONObject) -> Bool {
            forCompiledGrammar && GrammarCompiler.enforces(keyword, in: keywords)
        }

        mutating func visit(_ schema: JSONValue, path: String, depth: Int) -> JSONValue {
            guard case .object(var keywords) = schema, depth < 64 else { return schema }
            let label = path.isEmpty ? "the value" : path
            if keywords["type"] == .string("array") || keywords["items"] != nil, keywords["maxItems"] == nil {
                var cap = max(settings.arrayCap, keywords["minItems"]?.numberValue?.intValue ?? 0)
                if keywords["uniqueItems"] == .bool(true),
                    let allowed = keywords["items"]?.objectValue?["enum"]?.arrayValue
                {
                    cap = min(cap, max(allowed.count, keywords["minItems"]?.numberValue?.intValue ?? 0))
                }
                keywords["maxItems"] = .number(JSONNumber(cap))
                changes.append("\(label): maxItems \(cap) added (the decoder would let the model repeat items)")
            }
            if keywords["uniqueItems"] == .bool(true) { notes.append("\(label): list each item once, no repeats") }
            if let divisor = keywords["multipleOf"]?.numberValue, !decoderEnforces("multipleOf", in: keywords) {
                notes.append("\(label): a multiple of \(divisor)")
            }
            // A grammar decoder enforces integer bounds; Quarry's compiled grammar only some.
            let numeric = GrammarCompiler.numericType(of: keywords)
            // Bounds on a schema of several types (or none) are noted for a compiled grammar.
            let hasUnenforcedBounds =
                numeric == "number" || (forCompiledGrammar && !GrammarCompiler.enforces("minimum", in: keywords))
            for (keyword, phrase) in [
                ("minimum", "at least"), ("maximum", "at most"), ("exclusiveMinimum", "more than"),
                ("exclusiveMaximum", "less than"),
            ] where hasUnenforcedBounds && !decoderEnforces(keyword, in: keywords) {
                if let bound = keywords[keyword]?.numberValue { notes.append("\(label): \(phrase) \(bound)") }
            }
            if let format = keywords["format"]?.stringValue, !decoderEnforces("format", in: keywords) {
                notes.append("\(label): \(formatDescription(format))")
            }
            // A server's own conversion enforces anchored patterns; a compiled grammar those it
            // translates, and of a string's format, pattern and lengths only one.
            if let pattern = keywords["pattern"]?.stringValue,
                forCompiledGrammar
                    ? !decoderEnforces("pattern", in: keywords) : !(pattern.hasPrefix("^") && pattern.hasSuffix("$"))
            {
                notes.append("\(label): must match the regular expression \(pattern)")
            }
            if forCompiledGrammar, !decoderEnforces("minLength", in: keywords) {
                for (keyword, phrase) in [("minLength", "at least"), ("maxLength", "at most")] {
                    if let count = keywords[keyword]?.numberValue {
                        notes.append("\(label): \(phrase) \(count) characters")
                    }
                }
            }
            for (keyword, segment) in single {
                if let child = keywords[keyword] {
                    keywords[keyword] = visit(child, path: path + segment, depth: depth + 1)
                }
            }
            for keyword in ["allOf", "anyOf", "oneOf", "prefixItems"] {
                guard let children = keywords[keyword]?.arrayValue else { continue }
                keywords[keyword] = .array(
                    children.enumerated().map { index, child in
                        visit(child, path: keyword == "prefixItems" ? "\(path)[\(index)]" : path, depth: depth + 1)
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
                    shaped[name] = visit(child, path: childPath, depth: depth + 1)
                }
                keywords[keyword] = .object(shaped)
            }
            return .object(keywords)
        }
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
