import QuarrySchema

extension SchemaTranslator {
    /// The document-local target of a `$ref`: the root, or an entry of the root's `$defs` or
    /// `definitions`, written `#`, `#/$defs/x`, or with the root's `$id` before the `#`.
    func localTarget(of reference: String) -> (pointer: JSONPointer, schema: JSONValue)? {
        guard let hash = reference.firstIndex(of: "#") else {
            return isRootIdentifier(reference) ? (.root, file.document) : nil
        }
        let base = String(reference[..<hash])
        guard base.isEmpty || isRootIdentifier(base) else { return nil }
        let fragment = String(reference[reference.index(after: hash)...])
        guard let pointer = try? JSONPointer(fragment: fragment) else { return nil }
        if pointer.tokens.isEmpty { return (.root, file.document) }
        guard pointer.tokens.count == 2, ["$defs", "definitions"].contains(pointer.tokens[0]),
            let schema = pointer.resolve(in: file.document)
        else { return nil }
        return (pointer, schema)
    }

    private func isRootIdentifier(_ base: String) -> Bool {
        guard !base.isEmpty, let identifier = file.document.objectValue?["$id"]?.stringValue else { return false }
        return identifier == base || identifier.hasSuffix("/" + base)
    }

    /// The shape of a `$ref`: the referenced definition's (or root's) type.
    mutating func referenceShape(_ reference: String, siblings: JSONObject, at pointer: JSONPointer) -> Shape {
        guard let target = localTarget(of: reference) else {
            warn(
                "the reference \(reference) is not to the root or one of its $defs, and is typed as JSONValue",
                at: pointer.appending("$ref"), when: true)
            return .json
        }
        let name = target.pointer.tokens.isEmpty ? rootQualifiedName : definitionNames[target.pointer.description]
        guard let name else { return .json }
        var isNullable = mayBeNull(target.schema)
        if let type = siblings["type"], !typeAllowsNull(type) { isNullable = false }
        return Shape(type: .named(name), isNullable: isNullable)
    }

    private func typeAllowsNull(_ type: JSONValue) -> Bool {
        switch type {
        case .string(let name): return name == "null"
        case .array(let names): return names.contains(.string("null"))
        default: return true
        }
    }

    /// Whether `null` may be valid against `schema` (an over-approximation: `true` when unsure).
    func mayBeNull(_ schema: JSONValue, depth: Int = 0) -> Bool {
        guard depth < 32 else { return true }
        guard case .object(let keywords) = schema else { return schema != .bool(false) }
        if let type = keywords["type"] { return typeAllowsNull(type) }
        if let values = keywords["enum"]?.arrayValue { return values.contains(.null) }
        if let value = keywords["const"] { return value == .null }
        if let reference = keywords["$ref"]?.stringValue {
            guard let target = localTarget(of: reference) else { return true }
            return mayBeNull(target.schema, depth: depth + 1)
        }
        if let arms = keywords["allOf"]?.arrayValue, !arms.isEmpty {
            return arms.allSatisfy { mayBeNull($0, depth: depth + 1) }
        }
        for combinator in ["oneOf", "anyOf"] {
            if let arms = keywords[combinator]?.arrayValue { return arms.contains { mayBeNull($0, depth: depth + 1) } }
        }
        return true
    }
}
