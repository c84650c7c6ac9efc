import QuarrySchema

extension SchemaTranslator {
    /// `oneOf`/`anyOf` whose alternatives are all objects: an enum with one case per
    /// alternative, told apart by a discriminating `const` property when every alternative has
    /// one, by decoding otherwise.
    mutating func choiceShape(
        arms: [(index: Int, schema: JSONValue)], combinator: String, isNullable: Bool, keywords: JSONObject,
        at pointer: JSONPointer, suggestedName: String, in scope: inout NestingScope, declaredName: String?
    ) -> Shape {
        let name = declaredName ?? scope.allocateTypeName(from: suggestedName)
        var inner = NestingScope(qualifiedName: scope.qualify(name), takenTypeNames: scope.takenTypeNames.union([name]))
        let discriminator = discriminatingProperty(arms.map(\.schema))
        var caseNames: Set<String> = []
        var cases: [ChoiceDeclaration.Case] = []
        for (position, arm) in arms.enumerated() {
            let reference = arm.schema.objectValue?["$ref"]?.stringValue
            let definitionKey = reference.flatMap { localTarget(of: $0) }?.pointer.tokens.last
            let title = arm.schema.objectValue?["title"]?.stringValue
            let tag = discriminator?.tags[position]
            let label = tag ?? definitionKey ?? title ?? "option\(position + 1)"
            let shape = shape(
                of: arm.schema, at: pointer.appending(combinator).appending(arm.index),
                suggestedName: title ?? definitionKey ?? "\(name)Option\(position + 1)", in: &inner)
            cases.append(
                ChoiceDeclaration.Case(
                    name: SafeNameGenerator.unique(SafeNameGenerator.memberName(label), in: &caseNames),
                    type: shape.type, tag: tag))
        }
        scope.declarations.append(
            .choice(
                ChoiceDeclaration(
                    name: name, documentation: documentation(of: .object(keywords), at: pointer), cases: cases,
                    discriminator: discriminator?.property, requiresExactlyOne: combinator == "oneOf",
                    nested: inner.declarations)))
        return Shape(type: .named(scope.qualify(name)), isNullable: isNullable)
    }

    /// A property every alternative requires with a distinct string `const` (or one-value
    /// `enum`), and each alternative's value of it.
    private func discriminatingProperty(_ arms: [JSONValue]) -> (property: String, tags: [String])? {
        let resolved: [JSONObject] = arms.map { arm in
            guard let keywords = arm.objectValue else { return [:] }
            if let reference = keywords["$ref"]?.stringValue, let target = localTarget(of: reference) {
                return target.schema.objectValue ?? [:]
            }
            return keywords
        }
        guard let first = resolved.first?["properties"]?.objectValue else { return nil }
        for key in first.keys {
            let tags: [String?] = resolved.map { keywords in
                guard keywords["required"]?.arrayValue?.contains(.string(key)) == true,
                    let property = keywords["properties"]?.objectValue?[key]?.objectValue
                else { return nil }
                if let value = property["const"]?.stringValue { return value }
                if let values = property["enum"]?.arrayValue, values.count == 1 { return values[0].stringValue }
                return nil
            }
            let found = tags.compactMap { $0 }
            if found.count == resolved.count, Set(found).count == found.count { return (key, found) }
        }
        return nil
    }
}
