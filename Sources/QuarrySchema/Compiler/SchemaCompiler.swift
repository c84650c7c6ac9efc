/// Compiles schema documents into ``SchemaNode`` graphs.
///
/// Nodes are created once per document location and cached before their keywords compile, so
/// recursive references terminate. Keywords compile in a fixed order: references first,
/// assertions next, applicators after, `unevaluated*` last (they read the others' annotations).
final class SchemaCompiler {
    let registry: SchemaRegistry
    private var nodes: [SchemaLocation: SchemaNode] = [:]
    private var pending: [(SchemaNode, SchemaLocation)] = []
    /// Set when a compiled keyword needs `unevaluated*` annotations.
    private(set) var usesUnevaluated = false
    /// Set when a compiled keyword needs the dynamic scope.
    private(set) var usesDynamicScope = false

    init(registry: SchemaRegistry) {
        self.registry = registry
    }

    var options: SchemaOptions { registry.options }

    /// The node for `location`, compiled (with everything it reaches) on first request.
    func node(at location: SchemaLocation) throws(SchemaError) -> SchemaNode {
        if let node = nodes[location] { return node }
        let resource = registry.enclosingResource(of: location)
        let relative = JSONPointer(tokens: Array(location.pointer.tokens.dropFirst(resource.pointer.tokens.count)))
        let node = SchemaNode(resource: resource, absoluteLocation: resource.uri + "#" + relative.description)
        nodes[location] = node
        pending.append((node, location))
        return node
    }

    /// Compiles every node reachable from the pending list.
    func compilePending() throws(SchemaError) {
        while let (node, location) = pending.popLast() {
            try compile(node, at: location)
        }
    }

    func markUsesUnevaluated() { usesUnevaluated = true }
    func markUsesDynamicScope() { usesDynamicScope = true }

    private func compile(_ node: SchemaNode, at location: SchemaLocation) throws(SchemaError) {
        guard let value = registry.value(at: location) else {
            throw error(.unresolvableReference(node.absoluteLocation), "no schema at this location", location)
        }
        switch value {
        case .bool(let bool):
            node.constant = bool
        case .object(let object):
            let scope = KeywordScope(compiler: self, node: node, location: location, object: object)
            node.keywords = try scope.compileKeywords()
        default:
            throw error(.invalidKeyword, "a schema must be an object or a boolean, not \(value.typeName)", location)
        }
    }

    func error(_ kind: SchemaError.Kind, _ message: String, _ location: SchemaLocation) -> SchemaError {
        SchemaError(
            kind: kind, message: message, pointer: location.pointer,
            documentURI: registry.documents[location.document].uri)
    }
}

/// What a keyword's compiler sees: its schema object, where it is, and how to reach
/// subschemas and references.
struct KeywordScope {
    let compiler: SchemaCompiler
    let node: SchemaNode
    let location: SchemaLocation
    let object: JSONObject

    var draft: Draft { node.resource.draft }
    var vocabularies: Vocabularies { node.resource.vocabularies }
    var options: SchemaOptions { compiler.options }

    /// The node for the subschema at `tokens` below this schema.
    func subschema(_ tokens: String...) throws(SchemaError) -> SchemaNode {
        var pointer = location.pointer
        for token in tokens { pointer = pointer.appending(token) }
        let childLocation = SchemaLocation(document: location.document, pointer: pointer)
        guard let value = compiler.registry.value(at: childLocation) else {
            throw compiler.error(.invalidKeyword, "missing subschema", childLocation)
        }
        switch value {
        case .bool, .object: return try compiler.node(at: childLocation)
        default:
            throw compiler.error(
                .invalidKeyword, "'\(tokens[0])' must hold a schema (an object or a boolean), not \(value.typeName)",
                childLocation)
        }
    }

    /// The nodes of an array of subschemas under `keyword`.
    func subschemaArray(_ keyword: String, allowEmpty: Bool = false) throws(SchemaError) -> [SchemaNode] {
        guard case .array(let elements)? = object[keyword], allowEmpty || !elements.isEmpty else {
            throw invalid(keyword, "'\(keyword)' must be a non-empty array of schemas")
        }
        var nodes: [SchemaNode] = []
        for position in elements.indices { nodes.append(try subschema(keyword, String(position))) }
        return nodes
    }

    /// The nodes of an object of subschemas under `keyword`, in key order.
    func subschemaMap(_ keyword: String) throws(SchemaError) -> [(String, SchemaNode)] {
        guard case .object(let members)? = object[keyword] else {
            throw invalid(keyword, "'\(keyword)' must be an object whose values are schemas")
        }
        var nodes: [(String, SchemaNode)] = []
        for key in members.keys { nodes.append((key, try subschema(keyword, key))) }
        return nodes
    }

    /// Resolves a reference against this schema's base URI to its node.
    func reference(_ keyword: String, _ reference: String) throws(SchemaError) -> (
        SchemaNode, SchemaResource, viaDynamicAnchor: Bool
    ) {
        let absolute = URIReference.resolve(reference, against: node.resource.uri)
        guard let (target, resource, dynamic) = try compiler.registry.locate(absolute, defaultDraft: draft) else {
            throw SchemaError(
                kind: .unresolvableReference(absolute),
                message: "'\(keyword)' points at '\(absolute)', which is not known (remote documents need a resolver)",
                pointer: location.pointer.appending(keyword),
                documentURI: compiler.registry.documents[location.document].uri)
        }
        return (try compiler.node(at: target), resource, dynamic)
    }

    /// An error about `keyword`'s value.
    func invalid(_ keyword: String, _ message: String, kind: SchemaError.Kind = .invalidKeyword) -> SchemaError {
        SchemaError(
            kind: kind, message: message, pointer: location.pointer.appending(keyword),
            documentURI: compiler.registry.documents[location.document].uri)
    }

    /// The non-negative integer value of `keyword`.
    func nonNegativeInteger(_ keyword: String) throws(SchemaError) -> Int {
        guard case .number(let number)? = object[keyword], number.isInteger, !number.isNegative else {
            throw invalid(keyword, "'\(keyword)' must be a non-negative integer")
        }
        return number.intValue ?? Int.max
    }

    /// The number value of `keyword`.
    func number(_ keyword: String) throws(SchemaError) -> JSONNumber {
        guard case .number(let number)? = object[keyword] else {
            throw invalid(keyword, "'\(keyword)' must be a number")
        }
        return number
    }

    /// Compiles every keyword present, in evaluation order.
    func compileKeywords() throws(SchemaError) -> [any Keyword] {
        var keywords: [any Keyword] = []
        if draft.refOverridesSiblings, object["$ref"] != nil {
            keywords.append(try ReferenceKeyword(self))
            return keywords
        }
        if object["$ref"] != nil { keywords.append(try ReferenceKeyword(self)) }
        if draft >= .draft2020_12, object["$dynamicRef"] != nil { keywords.append(try DynamicReferenceKeyword(self)) }
        if draft == .draft2019_09, object["$recursiveRef"] != nil {
            keywords.append(try RecursiveReferenceKeyword(self))
        }
        if vocabularies.validation {
            if object["type"] != nil { keywords.append(try TypeKeyword(self)) }
            if object["enum"] != nil { keywords.append(try EnumKeyword(self)) }
            if draft >= .draft6, object["const"] != nil { keywords.append(ConstKeyword(self)) }
            keywords.append(contentsOf: try NumericBoundKeyword.compileAll(self))
            if object["multipleOf"] != nil { keywords.append(try MultipleOfKeyword(self)) }
            keywords.append(contentsOf: try StringLengthKeyword.compileAll(self))
            if object["pattern"] != nil { keywords.append(try PatternKeyword(self)) }
            keywords.append(contentsOf: try ArraySizeKeyword.compileAll(self))
            if object["uniqueItems"] != nil, let unique = try UniqueItemsKeyword(self) { keywords.append(unique) }
            keywords.append(contentsOf: try PropertyCountKeyword.compileAll(self))
            if object["required"] != nil, let required = try RequiredKeyword(self) { keywords.append(required) }
            if draft >= .draft2019_09, object["dependentRequired"] != nil {
                keywords.append(try DependentRequiredKeyword(self))
            }
        }
        if object["format"] != nil, let format = try FormatKeyword(self) { keywords.append(format) }
        if draft <= .draft7, let content = ContentKeyword(self) { keywords.append(content) }
        if vocabularies.applicator {
            if object["properties"] != nil || object["patternProperties"] != nil
                || object["additionalProperties"] != nil
            {
                keywords.append(try PropertiesKeyword(self))
            }
            // `dependencies` split into two keywords in 2019-09; the old spelling still works.
            if object["dependencies"] != nil { keywords.append(try DependenciesKeyword(self)) }
            if draft >= .draft2019_09, object["dependentSchemas"] != nil {
                keywords.append(try DependentSchemasKeyword(self))
            }
            if draft >= .draft6, object["propertyNames"] != nil { keywords.append(try PropertyNamesKeyword(self)) }
            if object["items"] != nil || object["prefixItems"] != nil || object["additionalItems"] != nil {
                if let items = try ItemsKeyword(self) { keywords.append(items) }
            }
            if draft >= .draft6, object["contains"] != nil { keywords.append(try ContainsKeyword(self)) }
            if object["allOf"] != nil { keywords.append(try AllOfKeyword(self)) }
            if object["anyOf"] != nil { keywords.append(try AnyOfKeyword(self)) }
            if object["oneOf"] != nil { keywords.append(try OneOfKeyword(self)) }
            if object["not"] != nil { keywords.append(try NotKeyword(self)) }
            if draft >= .draft7, object["if"] != nil { keywords.append(try ConditionalKeyword(self)) }
        }
        if draft >= .draft2019_09, vocabularies.unevaluated {
            if object["unevaluatedItems"] != nil {
                keywords.append(try UnevaluatedItemsKeyword(self))
                compiler.markUsesUnevaluated()
            }
            if object["unevaluatedProperties"] != nil {
                keywords.append(try UnevaluatedPropertiesKeyword(self))
                compiler.markUsesUnevaluated()
            }
        }
        return keywords
    }
}
