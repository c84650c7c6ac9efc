import QuarrySchema

extension SchemaTranslator {
    /// One object schema contributing properties: the subschema itself or an `allOf` arm.
    struct ObjectPart {
        var keywords: JSONObject
        var pointer: JSONPointer
    }

    /// The subschema and its `allOf` arms (following local references), which a valid instance
    /// satisfies all at once.
    func objectParts(_ keywords: JSONObject, at pointer: JSONPointer) -> [ObjectPart] {
        var parts: [ObjectPart] = []
        var visited: Set<String> = []
        func collect(_ keywords: JSONObject, _ pointer: JSONPointer, depth: Int) {
            guard depth < 16, visited.insert(pointer.description).inserted else { return }
            parts.append(ObjectPart(keywords: keywords, pointer: pointer))
            for (index, arm) in (keywords["allOf"]?.arrayValue ?? []).enumerated() {
                guard case .object(var armKeywords) = arm else { continue }
                var armPointer = pointer.appending("allOf").appending(index)
                if let reference = armKeywords["$ref"]?.stringValue, let target = localTarget(of: reference),
                    case .object(let targetKeywords) = target.schema
                {
                    armKeywords = targetKeywords
                    armPointer = target.pointer
                }
                collect(armKeywords, armPointer, depth: depth + 1)
            }
        }
        collect(keywords, pointer, depth: 0)
        return parts
    }

    /// An object: a struct when the schema lists `properties`, a dictionary otherwise, or an
    /// enum with associated values for `oneOf`/`anyOf` of objects.
    mutating func objectShape(
        _ keywords: JSONObject, at pointer: JSONPointer, suggestedName: String, in scope: inout NestingScope,
        declaredName: String?, choiceName: String?
    ) -> Shape {
        let parts = objectParts(keywords, at: pointer)
        var properties: [(key: String, schema: JSONValue, pointer: JSONPointer)] = []
        var required: Set<String> = []
        for part in parts {
            for (key, schema) in part.keywords["properties"]?.objectValue ?? [:]
            where !properties.contains(where: { $0.key == key }) {
                properties.append((key, schema, part.pointer.appending("properties").appending(key)))
            }
            for name in part.keywords["required"]?.arrayValue ?? [] {
                if let name = name.stringValue { required.insert(name) }
            }
        }
        let hasPatternProperties = parts.contains { $0.keywords["patternProperties"] != nil }
        let closedPart = parts.first { $0.keywords["additionalProperties"] == .bool(false) }
        let schemaPart = parts.first { $0.keywords["additionalProperties"]?.objectValue != nil }

        guard !properties.isEmpty else {
            for combinator in ["oneOf", "anyOf"] {
                guard let arms = keywords[combinator]?.arrayValue, arms.count > 1,
                    arms.allSatisfy({ isObjectTyped($0) || isNullOnly($0) })
                else { continue }
                let objectArms = arms.indices.filter { !isNullOnly(arms[$0]) }
                return choiceShape(
                    arms: objectArms.map { (index: $0, schema: arms[$0]) }, combinator: combinator, isNullable: false,
                    keywords: keywords, at: pointer, suggestedName: suggestedName, in: &scope,
                    declaredName: choiceName)
            }
            if closedPart == nil, !hasPatternProperties, let schemaPart,
                let additional = schemaPart.keywords["additionalProperties"]
            {
                let value = shape(
                    of: additional, at: schemaPart.pointer.appending("additionalProperties"),
                    suggestedName: SafeNameGenerator.singular(suggestedName), in: &scope)
                return Shape(type: .dictionary(value.elementType), isNullable: false)
            }
            return Shape(type: .dictionary(.json), isNullable: false)
        }

        let name = declaredName ?? scope.allocateTypeName(from: suggestedName)
        let isRoot = pointer.tokens.isEmpty && name == rootName
        let qualifiedName = isRoot ? rootQualifiedName : scope.qualify(name)
        var inner = NestingScope(qualifiedName: qualifiedName, takenTypeNames: scope.takenTypeNames.union([name]))
        var memberNames = SafeNameGenerator.reservedMemberNames
        var members: [Property] = []
        for property in properties {
            if property.schema == .bool(false) { continue }
            let shape = shape(of: property.schema, at: property.pointer, suggestedName: property.key, in: &inner)
            let isRequired = required.contains(property.key)
            let isNullable = shape.isNullable && shape.type != .json
            let presence: Presence =
                switch (isRequired, isNullable) {
                case (true, false): .required
                case (true, true): .requiredNullable
                case (false, false): .optional
                case (false, true): .optionalNullable
                }
            members.append(
                Property(
                    jsonName: property.key,
                    swiftName: SafeNameGenerator.unique(SafeNameGenerator.memberName(property.key), in: &memberNames),
                    type: shape.type, presence: presence,
                    documentation: documentation(of: property.schema, at: property.pointer)))
        }
        let additional: AdditionalProperties
        if closedPart != nil, !hasPatternProperties {
            additional = .none
        } else if !hasPatternProperties, let schemaPart, let schema = schemaPart.keywords["additionalProperties"] {
            let value = shape(
                of: schema, at: schemaPart.pointer.appending("additionalProperties"), suggestedName: "additional",
                in: &inner)
            additional = .kept(value.elementType)
        } else {
            additional = .kept(.json)
        }
        let structure = StructDeclaration(
            name: name, documentation: documentation(of: .object(keywords), at: pointer), properties: members,
            additionalProperties: additional, nested: inner.declarations)
        scope.declarations.append(.structure(structure))
        return Shape(type: .named(qualifiedName), isNullable: false)
    }
}
