import QuarrySchema

/// The scoring of every field of a schema, inferred from the schema document.
///
/// | Schema | Compared |
/// | --- | --- |
/// | `enum` or `const` | exactly |
/// | `"type": "string"` | after normalisation (case, white space, NFC) |
/// | `"format": "date"`, or a `pattern` starting `^[0-9]{4}-` / `^\d{4}-` | as calendar dates |
/// | `"format": "date-time"` | as moments in time (offsets respected) |
/// | `number`, `integer` | exactly, as decimals |
/// | `boolean` | exactly |
/// | `object` | property by property, recursively |
/// | `array` | elements paired by best assignment, then element by element |
///
/// `type` lists with `null`, and `anyOf`/`oneOf` with one non-null branch, are scored as that
/// branch; local `$ref`s (`#/$defs/...`, `#anchor`, or the schema's own `$id`) are followed.
/// Any node can override its scoring with an `x-eval` annotation (see ``EvalAnnotation``).
///
/// When the schema itself should not change (it is shared, or generated code embeds it),
/// the same annotations can be given by field path in a side file, `<name>.eval.json`:
/// `{"x-eval": {"/subject": {"compare": "token_f1"}, "/messages/*/text": {...}}}`. They apply
/// on top of the schema's own.
public struct ScoringPlan: Sendable {
    /// The schema document.
    public let document: JSONValue
    /// Annotations by field path (`/line_items/*/sku`), applied after the schema's own.
    public let overrides: [String: EvalAnnotation]
    /// Annotations that could not be understood, as `pointer: sentence`.
    public let problems: [String]

    /// Infers the scoring of `schema`.
    public init(schema: Schema, overrides: JSONValue? = nil) {
        self.init(document: schema.document, overrides: overrides)
    }

    /// Infers the scoring of a schema document; `overrides` is the content of a
    /// `<name>.eval.json` side file, if any.
    public init(document: JSONValue, overrides: JSONValue? = nil) {
        self.document = document
        var problems: [String] = []
        Self.collectAnnotationProblems(in: document, at: .root, into: &problems)
        var byField: [String: EvalAnnotation] = [:]
        if let overrides {
            if case .object(let fields)? = overrides["x-eval"], overrides.objectValue?.count == 1 {
                for (field, value) in fields {
                    var found: [String] = []
                    byField[field] = EvalAnnotation(value, problems: &found)
                    problems += found.map { "eval file \(field): \($0)" }
                }
            } else {
                problems.append("eval file: expected {\"x-eval\": {\"/field/path\": {...}}}")
            }
        }
        self.overrides = byField
        self.problems = problems
    }

    /// The rule of the field at `field` (a path with `*` for array elements) whose schema is at
    /// `pointer`: the schema's rule with the side file's override for the path, if any.
    public func rule(at pointer: JSONPointer?, field: String) -> FieldRule {
        let base = rule(at: pointer)
        guard let override = overrides[field] else { return base }
        return override.applied(to: base)
    }

    /// The rule of the schema node at `pointer` (`nil`: a field with no schema).
    public func rule(at pointer: JSONPointer?) -> FieldRule {
        guard var current = pointer else { return .unconstrained }
        var annotations: [EvalAnnotation] = []
        var ignored: [String] = []
        var visited: Set<JSONPointer> = []
        while visited.insert(current).inserted {
            guard let node = current.resolve(in: document), case .object(let object) = node else {
                return Self.apply(annotations, to: .unconstrained)
            }
            if let annotation = object["x-eval"] { annotations.append(EvalAnnotation(annotation, problems: &ignored)) }
            let structural = ["type", "properties", "items", "enum", "const"].contains { object[$0] != nil }
            if !structural, let reference = object["$ref"]?.stringValue {
                guard let target = LocalReference.resolve(reference, in: document) else {
                    return Self.apply(annotations, to: .unconstrained)
                }
                current = target
                continue
            }
            if !structural, let (branch, _) = LocalReference.singleBranch(of: object, at: current) {
                current = branch
                continue
            }
            return Self.apply(annotations, to: baseRule(object, at: current))
        }
        return Self.apply(annotations, to: .unconstrained)
    }

    /// Outer annotations (on the referring node) override inner ones.
    private static func apply(_ annotations: [EvalAnnotation], to rule: FieldRule) -> FieldRule {
        annotations.reversed().reduce(rule) { $1.applied(to: $0) }
    }

    private func baseRule(_ object: JSONObject, at pointer: JSONPointer) -> FieldRule {
        var rule = FieldRule.unconstrained
        if object["enum"] != nil || object["const"] != nil {
            rule.comparison = .exact
            return rule
        }
        var types: [String] = []
        switch object["type"] {
        case .string(let name)?: types = [name]
        case .array(let names)?: types = names.compactMap(\.stringValue).filter { $0 != "null" }
        default: break
        }
        if types.isEmpty {
            if object["properties"] != nil { types = ["object"] }
            if object["items"] != nil { types = ["array"] }
        }
        if types.count == 1 {
            switch types[0] {
            case "string":
                let format = object["format"]?.stringValue
                let pattern = object["pattern"]?.stringValue ?? ""
                if format == "date" || pattern.hasPrefix("^[0-9]{4}-") || pattern.hasPrefix("^\\d{4}-") {
                    rule.comparison = .date
                } else if format == "date-time" {
                    rule.comparison = .dateTime
                }
            case "number", "integer":
                rule.comparison = .number(.exact)
            case "boolean":
                rule.comparison = .exact
            default:
                break
            }
        }
        if case .object(let properties)? = object["properties"] {
            for name in properties.keys {
                rule.properties[name] = pointer.appending("properties").appending(name)
            }
        }
        if case .object? = object["additionalProperties"] {
            rule.additionalProperties = pointer.appending("additionalProperties")
        }
        if case .object? = object["items"] {
            rule.items = pointer.appending("items")
        }
        return rule
    }

    private static func collectAnnotationProblems(
        in value: JSONValue, at pointer: JSONPointer, into problems: inout [String]
    ) {
        switch value {
        case .object(let object):
            for (key, child) in object {
                if key == "x-eval" {
                    var found: [String] = []
                    _ = EvalAnnotation(child, problems: &found)
                    problems += found.map { "\(pointer.appending(key)): \($0)" }
                } else if key != "enum" && key != "const" && key != "examples" && key != "default" {
                    collectAnnotationProblems(in: child, at: pointer.appending(key), into: &problems)
                }
            }
        case .array(let array):
            for (index, child) in array.enumerated() {
                collectAnnotationProblems(in: child, at: pointer.appending(index), into: &problems)
            }
        default: break
        }
    }
}
