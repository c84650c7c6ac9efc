import QuarrySchema

/// The second stage: turns a parsed schema file into declarations.
///
/// Every decision keeps one rule: the Swift type chosen for a subschema must decode *every*
/// instance the subschema accepts (validation runs first and rejects the rest). Where no precise
/// Swift type has that property, the subtree becomes `JSONValue`, with a warning when the schema
/// looked as if it meant something more precise.
struct SchemaTranslator {
    let file: ParsedSchemaFile
    let options: GeneratorOptions
    var diagnostics: DiagnosticCollector
    /// The root type's unqualified and qualified names.
    let rootName: String
    let rootQualifiedName: String
    /// Qualified type names of the root's `$defs`/`definitions`, by JSON pointer text.
    var definitionNames: [String: String] = [:]
    /// The draft the file is written in.
    let draft: Draft

    init(file: ParsedSchemaFile, options: GeneratorOptions, diagnostics: DiagnosticCollector) {
        self.file = file
        self.options = options
        self.diagnostics = diagnostics
        let fileName = String(file.path.split(separator: "/").last ?? Substring(file.path))
        let rootName = options.typeName ?? SafeNameGenerator.typeName(Self.schemaName(fromFileName: fileName))
        self.rootName = rootName
        if let namespace = options.namespace {
            rootQualifiedName = namespace + "." + rootName
        } else {
            rootQualifiedName = rootName
        }
        draft = file.schema.draft
    }

    /// `support-ticket.schema.json` → `support-ticket`.
    static func schemaName(fromFileName fileName: String) -> String {
        for suffix in [".schema.json", ".json"] where fileName.hasSuffix(suffix) && fileName.count > suffix.count {
            return String(fileName.dropLast(suffix.count))
        }
        return fileName
    }

    mutating func translate() -> Declaration {
        var rootScope = NestingScope(
            qualifiedName: rootQualifiedName,
            takenTypeNames: Set([rootName] + (options.namespace.map { [$0] } ?? [])))
        // Definitions first, so references (and recursion) can name them before they are built.
        var definitions: [(pointer: JSONPointer, name: String, schema: JSONValue)] = []
        for container in ["$defs", "definitions"] {
            guard let entries = file.document.objectValue?[container]?.objectValue else { continue }
            for (key, schema) in entries {
                let pointer = JSONPointer.root.appending(container).appending(key)
                let name = rootScope.allocateTypeName(from: key)
                definitionNames[pointer.description] = rootScope.qualify(name)
                definitions.append((pointer, name, schema))
            }
        }
        for definition in definitions {
            let shape = shape(
                of: definition.schema, at: definition.pointer, suggestedName: definition.name, in: &rootScope,
                declaredName: definition.name)
            if shape.type != .named(rootScope.qualify(definition.name)) {
                rootScope.declarations.append(
                    .alias(
                        AliasDeclaration(
                            name: definition.name,
                            documentation: documentation(of: definition.schema, at: definition.pointer),
                            type: shape.type)))
            }
        }
        let rootShape = shape(
            of: file.document, at: .root, suggestedName: "value", in: &rootScope, declaredName: rootName,
            declaresStructOnly: true)
        var root: Declaration
        if rootShape.type == .named(rootQualifiedName),
            let index = rootScope.declarations.lastIndex(where: { $0.name == rootName }),
            case .structure(var structure) = rootScope.declarations[index]
        {
            rootScope.declarations.remove(at: index)
            structure.nested = rootScope.declarations + structure.nested
            root = .structure(structure)
        } else {
            root = .wrapper(
                WrapperDeclaration(
                    name: rootName, documentation: documentation(of: file.document, at: .root), type: rootShape.type,
                    isNullable: rootShape.isNullable && rootShape.type != .json, nested: rootScope.declarations))
        }
        RecursionDetector.breakCycles(in: &root, rootQualifiedName: rootQualifiedName)
        return root
    }

    // MARK: - Dispatch

    /// The Swift shape of `schema`; declares any type it needs in `scope`.
    ///
    /// `declaredName`, when given, is the name the declaration made *for this subschema* must
    /// take (a definition's pre-allocated name, or the root type's).
    mutating func shape(
        of schema: JSONValue, at pointer: JSONPointer, suggestedName: String, in scope: inout NestingScope,
        declaredName: String? = nil, declaresStructOnly: Bool = false
    ) -> Shape {
        guard case .object(let keywords) = schema else { return .json }
        if !pointer.tokens.isEmpty, keywords["$id"] != nil || (draft == .draft7 && keywords["id"] != nil) {
            warn("a subschema with its own $id is typed as JSONValue", at: pointer, when: hasTypeConstraint(keywords))
            return .json
        }
        if let reference = keywords["$ref"]?.stringValue {
            return referenceShape(reference, siblings: keywords, at: pointer)
        }
        if keywords["$dynamicRef"] != nil || keywords["$recursiveRef"] != nil {
            warn("$dynamicRef and $recursiveRef are typed as JSONValue", at: pointer, when: true)
            return .json
        }
        let ownName = declaresStructOnly ? nil : declaredName
        if let values = keywords["enum"]?.arrayValue {
            return enumShape(
                values, keywords: keywords, at: pointer, suggestedName: suggestedName, in: &scope,
                declaredName: ownName)
        }
        if let value = keywords["const"] {
            return enumShape(
                [value], keywords: keywords, at: pointer, suggestedName: suggestedName, in: &scope,
                declaredName: ownName)
        }
        if let type = keywords["type"] {
            return typedShape(
                type, keywords: keywords, at: pointer, suggestedName: suggestedName, in: &scope,
                declaredName: declaredName, declaresStructOnly: declaresStructOnly)
        }
        return untypedShape(
            keywords, at: pointer, suggestedName: suggestedName, in: &scope, declaredName: declaredName,
            declaresStructOnly: declaresStructOnly)
    }

    /// A schema with `type`.
    private mutating func typedShape(
        _ type: JSONValue, keywords: JSONObject, at pointer: JSONPointer, suggestedName: String,
        in scope: inout NestingScope, declaredName: String?, declaresStructOnly: Bool
    ) -> Shape {
        var names: [String]
        switch type {
        case .string(let name): names = [name]
        case .array(let elements): names = elements.compactMap(\.stringValue)
        default: return .json
        }
        let isNullable = names.contains("null")
        names.removeAll { $0 == "null" }
        if Set(names) == ["integer", "number"] { names = ["number"] }
        guard names.count == 1, let name = names.first else {
            warn(
                "a value of several types (\(names.joined(separator: ", "))) is typed as JSONValue", at: pointer,
                when: names.count > 1)
            return .json
        }
        let ownName = declaresStructOnly ? nil : declaredName
        switch name {
        case "string":
            return Shape(type: formattedType(keywords["format"]?.stringValue), isNullable: isNullable)
        case "integer": return Shape(type: .integer, isNullable: isNullable)
        case "number": return Shape(type: .number, isNullable: isNullable)
        case "boolean": return Shape(type: .boolean, isNullable: isNullable)
        case "array":
            var shape = arrayShape(keywords, at: pointer, suggestedName: suggestedName, in: &scope)
            shape.isNullable = isNullable
            return shape
        case "object":
            var shape = objectShape(
                keywords, at: pointer, suggestedName: suggestedName, in: &scope, declaredName: declaredName,
                choiceName: ownName)
            shape.isNullable = isNullable
            return shape
        default:
            return .json
        }
    }

    /// A schema without `type`: combinators decide, or it is any JSON.
    private mutating func untypedShape(
        _ keywords: JSONObject, at pointer: JSONPointer, suggestedName: String, in scope: inout NestingScope,
        declaredName: String?, declaresStructOnly: Bool
    ) -> Shape {
        if let arms = keywords["allOf"]?.arrayValue {
            if arms.contains(where: { isObjectTyped($0) }) {
                return objectShape(
                    keywords, at: pointer, suggestedName: suggestedName, in: &scope, declaredName: declaredName,
                    choiceName: nil)
            }
            if arms.count == 1, let arm = arms.first {
                return shape(
                    of: arm, at: pointer.appending("allOf").appending(0), suggestedName: suggestedName, in: &scope,
                    declaredName: declaredName, declaresStructOnly: declaresStructOnly)
            }
        }
        for combinator in ["oneOf", "anyOf"] {
            guard let arms = keywords[combinator]?.arrayValue else { continue }
            let nullArms = arms.indices.filter { isNullOnly(arms[$0]) }
            let otherArms = arms.indices.filter { !nullArms.contains($0) }
            if otherArms.count == 1, let index = otherArms.first {
                var shape = shape(
                    of: arms[index], at: pointer.appending(combinator).appending(index), suggestedName: suggestedName,
                    in: &scope, declaredName: declaredName, declaresStructOnly: declaresStructOnly)
                shape.isNullable = shape.isNullable || !nullArms.isEmpty
                return shape
            }
            if otherArms.count > 1, otherArms.allSatisfy({ isObjectTyped(arms[$0]) }) {
                return choiceShape(
                    arms: otherArms.map { (index: $0, schema: arms[$0]) }, combinator: combinator,
                    isNullable: !nullArms.isEmpty, keywords: keywords, at: pointer, suggestedName: suggestedName,
                    in: &scope, declaredName: declaresStructOnly ? nil : declaredName)
            }
            warn(
                "\(combinator) of alternatives that are not all objects is typed as JSONValue", at: pointer,
                when: otherArms.contains { hasTypeConstraint(arms[$0].objectValue ?? [:]) })
            return .json
        }
        warn(
            "properties without \"type\": \"object\" are typed as JSONValue (any JSON value would be valid); add the type to get a struct",
            at: pointer, when: keywords["properties"] != nil && keywords["allOf"] == nil)
        return .json
    }

    /// `String`, or a format-preserving string type for the formats the runtime knows.
    private func formattedType(_ format: String?) -> TypeUsage {
        switch format {
        case "date-time": return .formatted("DateTimeString")
        case "date": return .formatted("DateString")
        case "uri": return .formatted("URIString")
        case "uuid": return .formatted("UUIDString")
        default: return .string
        }
    }

    // MARK: - Arrays

    private mutating func arrayShape(
        _ keywords: JSONObject, at pointer: JSONPointer, suggestedName: String, in scope: inout NestingScope
    ) -> Shape {
        let tupleKeyword = draft == .draft2020_12 ? "prefixItems" : nil
        if let tupleKeyword, keywords[tupleKeyword] != nil {
            warn("tuples (\(tupleKeyword)) are typed as JSONValue", at: pointer.appending(tupleKeyword), when: true)
            return Shape(type: .array(.json), isNullable: false)
        }
        guard let items = keywords["items"] else { return Shape(type: .array(.json), isNullable: false) }
        if case .array = items {
            warn("tuples (items as an array) are typed as JSONValue", at: pointer.appending("items"), when: true)
            return Shape(type: .array(.json), isNullable: false)
        }
        let element = shape(
            of: items, at: pointer.appending("items"), suggestedName: SafeNameGenerator.singular(suggestedName),
            in: &scope)
        return Shape(type: .array(element.elementType), isNullable: false)
    }

    // MARK: - Helpers

    /// Whether a schema says which JSON type its instances have (so `JSONValue` loses precision).
    func hasTypeConstraint(_ keywords: JSONObject) -> Bool {
        keywords["type"] != nil || keywords["$ref"] != nil || keywords["enum"] != nil || keywords["const"] != nil
    }

    /// `{"type": "null"}` or `{"const": null}`.
    func isNullOnly(_ schema: JSONValue) -> Bool {
        guard let keywords = schema.objectValue else { return false }
        if keywords["type"] == .string("null") { return true }
        if let values = keywords["enum"]?.arrayValue, values.allSatisfy(\.isNull), !values.isEmpty { return true }
        return keywords["const"] == .null
    }

    /// Whether every instance valid against `schema` is an object (`type: object`, directly or
    /// through a local reference to a definition).
    func isObjectTyped(_ schema: JSONValue, depth: Int = 0) -> Bool {
        guard depth < 32, let keywords = schema.objectValue else { return false }
        if keywords["type"] == .string("object") { return true }
        if let reference = keywords["$ref"]?.stringValue, let target = localTarget(of: reference) {
            return isObjectTyped(target.schema, depth: depth + 1)
        }
        return false
    }

    mutating func warn(_ message: String, at pointer: JSONPointer, when condition: Bool) {
        if condition { diagnostics.emit(.warning, message, at: pointer) }
    }

    /// Doc comment material from `title`, `description`, `examples` and `deprecated`.
    func documentation(of schema: JSONValue, at pointer: JSONPointer) -> Documentation {
        let keywords = schema.objectValue ?? [:]
        var documentation = Documentation(pointer: pointer.tokens.isEmpty ? "/" : pointer.description)
        documentation.title = keywords["title"]?.stringValue
        documentation.summary = keywords["description"]?.stringValue
        documentation.examples = (keywords["examples"]?.arrayValue ?? []).prefix(3).map { $0.serialized() }
        documentation.isDeprecated = keywords["deprecated"] == .bool(true)
        return documentation
    }
}
