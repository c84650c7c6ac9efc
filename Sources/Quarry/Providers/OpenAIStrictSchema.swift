import QuarrySchema

/// Rewrites a JSON Schema into the subset OpenAI's strict structured outputs accept.
///
/// Strict mode (`"strict": true` in Chat Completions' `response_format.json_schema` and the
/// Responses API's `text.format`) constrains decoding to the schema, but only for a subset of
/// JSON Schema. The transform:
///
/// - gives every object schema `additionalProperties: false` and lists *all* its properties in
///   `required`; a property that was optional becomes nullable (`"type": ["string", "null"]`,
///   or `anyOf: [..., {"type": "null"}]` when it has no simple `type`), so the model writes
///   `null` where it would have left the member out;
/// - keeps the keywords strict mode supports: `type`, `properties`, `required`,
///   `additionalProperties`, `items`, `anyOf`, `enum`, `const`, `$ref`, `$defs`/`definitions`,
///   `title`, `description`, `pattern`, `format` (only `date-time`, `time`, `date`, `duration`,
///   `email`, `hostname`, `ipv4`, `ipv6`, `uuid`), `minimum`, `maximum`, `exclusiveMinimum`,
///   `exclusiveMaximum`, `multipleOf`, `minItems`, `maxItems`, and `$schema`/`$id` at the root;
/// - turns `oneOf` into `anyOf`, merges `allOf` members into their parent, and drops every
///   other keyword (`minLength`, `maxLength`, `uniqueItems`, `default`, `examples`,
///   `patternProperties`, `if`/`then`/`else`, `not`, ...).
///
/// The result is looser than the original in places (dropped bounds, `null` allowed for
/// optional members), so the reply must still be validated against the *original* schema;
/// Quarry always does. An optional member the model answers with `null` fails that validation
/// when the original does not allow `null`, and the corrective loop asks for a fix — strip such
/// `null`s before validating if that is the wanted reading.
public enum OpenAIStrictSchema {
    /// The string formats strict mode supports.
    public static let supportedFormats: Set<String> = [
        "date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid",
    ]

    /// Keywords copied unchanged (after their subschemas are transformed).
    static let keptKeywords: Set<String> = [
        "type", "title", "description", "enum", "const", "pattern", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "$ref",
    ]

    /// Returns `schema` rewritten for OpenAI strict mode.
    public static func transform(_ schema: JSONValue) -> JSONValue {
        transformNode(schema, isRoot: true)
    }

    private static func transformNode(_ schema: JSONValue, isRoot: Bool) -> JSONValue {
        guard case .object(let original) = schema else { return schema }
        let source = mergingAllOf(original)
        var result = JSONObject()

        if isRoot {
            for key in ["$schema", "$id"] { if let value = source[key] { result[key] = value } }
        }
        for (key, value) in source {
            switch key {
            case _ where keptKeywords.contains(key):
                result[key] = value
            case "format":
                if let format = value.stringValue, supportedFormats.contains(format) { result[key] = value }
            case "items":
                // Draft 4-7 tuple form (`items: [...]`) is not supported; keep the first form only.
                if case .array(let tuple) = value {
                    if let first = tuple.first { result[key] = transformNode(first, isRoot: false) }
                } else {
                    result[key] = transformNode(value, isRoot: false)
                }
            case "anyOf", "oneOf":
                guard case .array(let arms) = value else { continue }
                let transformed = JSONValue.array(arms.map { transformNode($0, isRoot: false) })
                if key == "anyOf" || source["anyOf"] == nil { result["anyOf"] = transformed }
            case "$defs", "definitions":
                guard case .object(let definitions) = value else { continue }
                var transformed = JSONObject()
                for (name, definition) in definitions { transformed[name] = transformNode(definition, isRoot: false) }
                result[key] = .object(transformed)
            default:
                continue
            }
        }

        if isObjectSchema(source) {
            let properties = source["properties"]?.objectValue ?? JSONObject()
            let originallyRequired = Set(source["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            var transformedProperties = JSONObject()
            for (name, property) in properties {
                let transformed = transformNode(property, isRoot: false)
                transformedProperties[name] = originallyRequired.contains(name) ? transformed : nullable(transformed)
            }
            if result["type"] == nil { result["type"] = "object" }
            result["properties"] = .object(transformedProperties)
            result["required"] = .array(properties.keys.map { .string($0) })
            result["additionalProperties"] = false
        }
        return .object(result)
    }

    /// Whether `schema` describes objects: `type` is or includes `object`, or it has
    /// `properties` without a `type`.
    private static func isObjectSchema(_ schema: JSONObject) -> Bool {
        switch schema["type"] {
        case .string(let type)?: return type == "object"
        case .array(let types)?: return types.contains(.string("object"))
        case nil: return schema["properties"] != nil
        default: return false
        }
    }

    /// Folds `allOf` members into their parent: properties and `required` are united, other
    /// keywords keep the parent's value (or the first member's).
    private static func mergingAllOf(_ schema: JSONObject) -> JSONObject {
        guard case .array(let members)? = schema["allOf"] else { return schema }
        var merged = schema
        merged["allOf"] = nil
        for member in members {
            guard case .object(let part) = member else { continue }
            let flattened = mergingAllOf(part)
            for (key, value) in flattened {
                switch key {
                case "properties":
                    var properties = merged["properties"]?.objectValue ?? JSONObject()
                    for (name, property) in value.objectValue ?? JSONObject() where properties[name] == nil {
                        properties[name] = property
                    }
                    merged["properties"] = .object(properties)
                case "required":
                    var required = merged["required"]?.arrayValue ?? []
                    for name in value.arrayValue ?? [] where !required.contains(name) { required.append(name) }
                    merged["required"] = .array(required)
                default:
                    if merged[key] == nil { merged[key] = value }
                }
            }
        }
        return merged
    }

    /// `schema` that also accepts `null`.
    static func nullable(_ schema: JSONValue) -> JSONValue {
        guard case .object(var object) = schema else { return schema }
        if object["$ref"] == nil, object["anyOf"] == nil, object["const"] == nil {
            switch object["type"] {
            case .string(let type)?:
                if type != "null" { object["type"] = [.string(type), "null"] }
                addNullToEnum(&object)
                return .object(object)
            case .array(var types)?:
                if !types.contains("null") { types.append("null") }
                object["type"] = .array(types)
                addNullToEnum(&object)
                return .object(object)
            default:
                break
            }
        }
        if case .array(var arms)? = object["anyOf"], object["$ref"] == nil {
            if !arms.contains(where: acceptsNullAlone) { arms.append(["type": "null"]) }
            object["anyOf"] = .array(arms)
            return .object(object)
        }
        // A `$ref`, a `const` or an untyped schema: wrap it. Title and description stay outside.
        var inner = object
        var wrapper = JSONObject()
        for key in ["title", "description"] {
            if let value = inner[key], inner["$ref"] != nil {
                wrapper[key] = value
                inner[key] = nil
            }
        }
        wrapper["anyOf"] = [.object(inner), ["type": "null"]]
        return .object(wrapper)
    }

    private static func addNullToEnum(_ object: inout JSONObject) {
        if case .array(var values)? = object["enum"], !values.contains(.null) {
            values.append(.null)
            object["enum"] = .array(values)
        }
    }

    private static func acceptsNullAlone(_ schema: JSONValue) -> Bool {
        schema["type"] == "null"
    }
}
