import QuarrySchema

/// Checks a schema against providers' structured-output limits at build time, so users learn
/// from a warning rather than from a 400 (or a silently unenforced constraint) in production.
enum ProviderLint {
    struct Finding: Hashable {
        var pointer: JSONPointer
        var message: String
    }

    /// Keywords whose value is one subschema.
    private static let subschemaKeywords = [
        "additionalProperties", "items", "contains", "not", "if", "then", "else", "propertyNames",
        "unevaluatedItems", "unevaluatedProperties", "additionalItems",
    ]
    /// Keywords whose value is a list of subschemas.
    private static let subschemaListKeywords = ["allOf", "anyOf", "oneOf", "prefixItems"]
    /// Keywords whose value maps names to subschemas.
    private static let subschemaMapKeywords = [
        "properties", "patternProperties", "$defs", "definitions", "dependentSchemas",
    ]

    /// How a finding names `keyword` of the subschema `keywords` when `profile`'s decoder
    /// lets replies break it (`"uniqueItems"`, `"format": "email"`), or `nil` when it is enforced.
    static func unenforcedConstraint(_ keyword: String, in keywords: JSONObject, for profile: ProviderProfile)
        -> String?
    {
        let value = keywords[keyword]
        if profile.unenforcedKeywords.contains(keyword) {
            guard keyword == "format", let format = value?.stringValue else { return "\"\(keyword)\"" }
            return profile.enforcedFormats.contains(format) ? nil : "\"format\": \"\(format)\""
        }
        if ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"].contains(keyword),
            !profile.enforcesNumberBounds, keywords["type"] != .string("integer")
        {
            return "\"\(keyword)\" on a number that may have a fraction"
        }
        if keyword == "pattern", !profile.enforcesUnanchoredPatterns, let pattern = value?.stringValue,
            !(pattern.hasPrefix("^") && pattern.hasSuffix("$"))
        {
            return "a \"pattern\" not anchored with ^ and $"
        }
        return nil
    }

    static func lint(_ document: JSONValue, for profile: ProviderProfile) -> [Finding] {
        var findings: [Finding] = []
        var propertyCount = 0
        var enumValueCount = 0
        let provider = profile.rawValue
        if profile.requiresClosedObjects, document.objectValue?["type"] != .string("object") {
            findings.append(Finding(pointer: .root, message: "\(provider): the root schema must be an object"))
        }
        func visit(_ schema: JSONValue, _ pointer: JSONPointer, depth: Int) {
            guard case .object(let keywords) = schema, depth < 200 else { return }
            for keyword in keywords.keys {
                if profile.rejectedKeywords.contains(keyword) {
                    findings.append(
                        Finding(
                            pointer: pointer.appending(keyword),
                            message:
                                "\(provider) rejects \"\(keyword)\" in structured output; Quarry leaves it out of the sent schema and checks it locally"
                        ))
                } else if let constraint = unenforcedConstraint(keyword, in: keywords, for: profile) {
                    findings.append(
                        Finding(
                            pointer: pointer.appending(keyword),
                            message:
                                "\(provider) does not enforce \(constraint) while decoding; replies that break it need a correction"
                        ))
                }
            }
            if profile.loopsOnUnboundedArrays, keywords["type"] == .string("array"), keywords["maxItems"] == nil {
                findings.append(
                    Finding(
                        pointer: pointer,
                        message:
                            "\(provider): an array without \"maxItems\" lets a small model repeat items until the output limit"
                    ))
            }
            if let properties = keywords["properties"]?.objectValue {
                propertyCount += properties.count
                if profile.requiresClosedObjects {
                    if keywords["additionalProperties"] != .bool(false) {
                        findings.append(
                            Finding(
                                pointer: pointer,
                                message:
                                    "\(provider) strict mode needs \"additionalProperties\": false; Quarry sends a closed copy, so the model cannot return other keys"
                            ))
                    }
                    let required = Set((keywords["required"]?.arrayValue ?? []).compactMap(\.stringValue))
                    let optional = properties.keys.filter { !required.contains($0) }
                    if !optional.isEmpty {
                        findings.append(
                            Finding(
                                pointer: pointer.appending("required"),
                                message:
                                    "\(provider) strict mode needs every property required; Quarry sends \(optional.joined(separator: ", ")) as nullable and removes the nulls from replies"
                            ))
                    }
                }
            }
            if let values = keywords["enum"]?.arrayValue { enumValueCount += values.count }
            if let limit = profile.maximumDepth, depth > limit, keywords["properties"] != nil {
                findings.append(
                    Finding(pointer: pointer, message: "\(provider) accepts objects nested at most \(limit) deep"))
            }
            let nextDepth = keywords["properties"] != nil ? depth + 1 : depth
            for keyword in subschemaKeywords {
                if let child = keywords[keyword] { visit(child, pointer.appending(keyword), depth: nextDepth) }
            }
            for keyword in subschemaListKeywords {
                for (index, child) in (keywords[keyword]?.arrayValue ?? []).enumerated() {
                    visit(child, pointer.appending(keyword).appending(index), depth: nextDepth)
                }
            }
            for keyword in subschemaMapKeywords {
                for (name, child) in keywords[keyword]?.objectValue ?? [:] {
                    let isDefinition = keyword == "$defs" || keyword == "definitions"
                    visit(child, pointer.appending(keyword).appending(name), depth: isDefinition ? 1 : nextDepth)
                }
            }
        }
        visit(document, .root, depth: 1)
        if let limit = profile.maximumProperties, propertyCount > limit {
            findings.append(
                Finding(
                    pointer: .root,
                    message: "\(provider) accepts at most \(limit) properties; this schema has \(propertyCount)"))
        }
        if let limit = profile.maximumEnumValues, enumValueCount > limit {
            findings.append(
                Finding(
                    pointer: .root,
                    message: "\(provider) accepts at most \(limit) enum values; this schema has \(enumValueCount)"))
        }
        return findings
    }
}
