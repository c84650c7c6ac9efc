/// A compiled schema: a boolean schema or an object's keywords, in evaluation order.
///
/// Nodes form a graph (references may be cyclic). They are created and filled by the compiler
/// and never change afterwards, which is what makes sharing them across threads safe.
final class SchemaNode: @unchecked Sendable {
    /// `true` or `false` for boolean schemas; `nil` for object schemas.
    var constant: Bool?
    /// The keywords, references first and `unevaluated*` last.
    var keywords: [any Keyword] = []
    /// The schema resource the node belongs to.
    let resource: SchemaResource
    /// `uri#/pointer` of the node.
    let absoluteLocation: String
    /// The location of a `false` schema's failure.
    let falseLocation: KeywordLocation

    init(resource: SchemaResource, absoluteLocation: String) {
        self.resource = resource
        self.absoluteLocation = absoluteLocation
        self.falseLocation = KeywordLocation(name: "", absolute: absoluteLocation)
    }

    /// The location of one of this node's keywords.
    func location(of keyword: String) -> KeywordLocation {
        KeywordLocation(name: keyword, absolute: absoluteLocation + "/" + JSONPointer.escape(keyword))
    }

    /// Validates `instance` against this node.
    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        if let constant {
            if !constant { context.fail(falseLocation, "no value is allowed here (the schema is false)") }
            return constant
        }
        context.depth += 1
        defer { context.depth -= 1 }
        if context.depth > context.maxDepth {
            let limit = context.maxDepth
            context.fail(
                KeywordLocation(name: "$ref", absolute: absoluteLocation),
                "evaluation nested deeper than \(limit) levels; the schema recurses without consuming the instance")
            return false
        }
        var pushedScope = false
        if context.tracksDynamicScope, context.dynamicScope.last !== resource {
            context.dynamicScope.append(resource)
            pushedScope = true
        }
        defer { if pushedScope { context.dynamicScope.removeLast() } }
        var valid = true
        for keyword in keywords where !keyword.validate(instance, &context, &evaluated) {
            valid = false
            if !context.collectsErrors { return false }
        }
        return valid
    }

    /// Validates `instance` with fresh annotations, merging them into `evaluated` on success.
    @inline(__always)
    func validateInPlace(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated)
        -> Bool
    {
        if !context.tracksAnnotations {
            var scratch = Evaluated()
            return validate(instance, &context, &scratch)
        }
        var local = Evaluated()
        let valid = validate(instance, &context, &local)
        if valid { evaluated.merge(local) }
        return valid
    }

    /// Validates a child instance (a property value or an item); its annotations are its own.
    @inline(__always)
    func validateChild(_ instance: JSONValue, _ context: inout ValidationContext) -> Bool {
        var local = Evaluated()
        return validate(instance, &context, &local)
    }
}

/// A schema resource: a document root or a subschema with its own `$id`, with its draft,
/// vocabularies and anchors.
final class SchemaResource: @unchecked Sendable {
    let uri: String
    let document: Int
    let pointer: JSONPointer
    let draft: Draft
    let vocabularies: Vocabularies
    var anchors: [String: JSONPointer] = [:]
    var dynamicAnchors: [String: JSONPointer] = [:]
    var recursiveAnchor = false
    /// Compiled nodes of the dynamic anchors, filled when compilation ends.
    var dynamicAnchorNodes: [String: SchemaNode] = [:]
    /// The compiled root node, filled when compilation ends for resources with a recursive anchor.
    var rootNode: SchemaNode?

    init(uri: String, document: Int, pointer: JSONPointer, draft: Draft, vocabularies: Vocabularies) {
        self.uri = uri
        self.document = document
        self.pointer = pointer
        self.draft = draft
        self.vocabularies = vocabularies
    }
}

/// A place in a loaded document.
struct SchemaLocation: Hashable, Sendable {
    let document: Int
    let pointer: JSONPointer
}
