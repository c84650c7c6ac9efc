/// The documents and schema resources known to one compilation: the schema itself, documents
/// the resolver supplied for remote `$ref`s, and the built-in metaschemas.
///
/// The registry indexes every `$id`, `$anchor`, `$dynamicAnchor` and `$recursiveAnchor`, and
/// turns a URI into a place in a document.
final class SchemaRegistry {
    struct Document {
        let uri: String
        let root: JSONValue
    }

    private(set) var documents: [Document] = []
    private var resourceByURI: [String: SchemaResource] = [:]
    private var resourcesByDocument: [[SchemaResource]] = []
    let options: SchemaOptions

    init(options: SchemaOptions) {
        self.options = options
    }

    // MARK: Loading

    /// Adds a document under `uri` and indexes its resources; returns its root resource.
    @discardableResult
    func addDocument(_ root: JSONValue, uri: String, defaultDraft: Draft) throws(SchemaError) -> SchemaResource {
        let retrievalURI = Self.normalize(uri)
        if let existing = resourceByURI[retrievalURI], existing.pointer.tokens.isEmpty { return existing }
        let documentIndex = documents.count
        documents.append(Document(uri: retrievalURI, root: root))
        resourcesByDocument.append([])
        let (draft, vocabularies) = try dialect(of: root, fallback: defaultDraft, documentURI: retrievalURI)
        var rootURI = retrievalURI
        if case .object(let object) = root, let id = object[draft.idKeyword]?.stringValue,
            !(draft.refOverridesSiblings && object["$ref"] != nil), !(draft <= .draft7 && id.hasPrefix("#"))
        {
            rootURI = Self.normalize(URIReference.split(URIReference.resolve(id, against: retrievalURI)).base)
        }
        let resource = SchemaResource(
            uri: rootURI, document: documentIndex, pointer: .root, draft: draft, vocabularies: vocabularies)
        register(resource)
        if rootURI != retrievalURI, resourceByURI[retrievalURI] == nil { resourceByURI[retrievalURI] = resource }
        try index(root, pointer: .root, resource: resource, isResourceRoot: true)
        return resource
    }

    /// The resource registered under `uri` (no fragment), loading it through the built-in
    /// metaschemas or the resolver when needed.
    func resource(for uri: String, defaultDraft: Draft) throws(SchemaError) -> SchemaResource? {
        let key = Self.normalize(uri)
        if let resource = resourceByURI[key] { return resource }
        if let text = Metaschemas.documents[key] {
            guard let document = try? JSONValue(parsing: text) else { return nil }
            return try addDocument(document, uri: key, defaultDraft: defaultDraft)
        }
        guard let resolver = options.resolver else { return nil }
        let document: JSONValue?
        do {
            document = try resolver.resolve(key)
        } catch {
            throw SchemaError(
                kind: .resolverFailed(key), message: "the resolver failed to load '\(key)': \(error)", pointer: .root,
                documentURI: key)
        }
        guard let document else { return nil }
        return try addDocument(document, uri: key, defaultDraft: defaultDraft)
    }

    private func register(_ resource: SchemaResource) {
        if resourceByURI[resource.uri] == nil { resourceByURI[resource.uri] = resource }
        resourcesByDocument[resource.document].append(resource)
    }

    /// The draft and vocabularies that `$schema` in `root` selects.
    private func dialect(of root: JSONValue, fallback: Draft, documentURI: String) throws(SchemaError) -> (
        Draft, Vocabularies
    ) {
        guard case .object(let object) = root, let schemaURI = object["$schema"]?.stringValue else {
            return (fallback, .all)
        }
        if let draft = Draft(metaschemaURI: schemaURI) { return (draft, .all) }
        let metaURI = Self.normalize(URIReference.split(schemaURI).base)
        if metaURI == Self.normalize(documentURI) { return (fallback, .all) }
        guard let meta = try resource(for: metaURI, defaultDraft: fallback),
            case .object(let metaObject) = documents[meta.document].root
        else { return (fallback, .all) }
        let draft = meta.draft
        if draft >= .draft2019_09, let declared = metaObject["$vocabulary"]?.objectValue {
            return (draft, Vocabularies(declared: declared))
        }
        return (draft, meta.vocabularies)
    }

    // MARK: Indexing

    private static let singleSubschemaKeywords = [
        "additionalProperties", "additionalItems", "contains", "not", "if", "then", "else", "propertyNames",
        "unevaluatedItems", "unevaluatedProperties", "contentSchema", "items",
    ]
    private static let arraySubschemaKeywords = ["allOf", "anyOf", "oneOf", "items", "prefixItems"]
    private static let mapSubschemaKeywords = [
        "properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies",
    ]

    private func index(_ value: JSONValue, pointer: JSONPointer, resource: SchemaResource, isResourceRoot: Bool)
        throws(SchemaError)
    {
        guard case .object(let object) = value else { return }
        var resource = resource
        if !isResourceRoot {
            var draft = resource.draft
            var vocabularies = resource.vocabularies
            let idKeyword = draft.idKeyword
            if let id = object[idKeyword]?.stringValue, !(draft.refOverridesSiblings && object["$ref"] != nil) {
                if draft <= .draft7, id.hasPrefix("#") {
                    resource.anchors[String(id.dropFirst())] = pointer
                } else {
                    if object["$schema"] != nil {
                        (draft, vocabularies) = try dialect(of: value, fallback: draft, documentURI: resource.uri)
                    }
                    let resolved = URIReference.resolve(id, against: resource.uri)
                    let (base, fragment) = URIReference.split(resolved)
                    let child = SchemaResource(
                        uri: Self.normalize(base), document: resource.document, pointer: pointer, draft: draft,
                        vocabularies: vocabularies)
                    register(child)
                    resource = child
                    if !fragment.isEmpty, draft <= .draft7 { resource.anchors[fragment] = pointer }
                }
            }
        } else if resource.draft <= .draft7, let id = object[resource.draft.idKeyword]?.stringValue {
            let fragment = URIReference.split(id).fragment
            if !fragment.isEmpty { resource.anchors[fragment] = pointer }
        }
        let draft = resource.draft
        if draft >= .draft2019_09, let anchor = object["$anchor"]?.stringValue {
            resource.anchors[anchor] = pointer
        }
        if draft >= .draft2020_12, let anchor = object["$dynamicAnchor"]?.stringValue {
            resource.anchors[anchor] = pointer
            resource.dynamicAnchors[anchor] = pointer
        }
        if draft == .draft2019_09, pointer == resource.pointer, object["$recursiveAnchor"]?.boolValue == true {
            resource.recursiveAnchor = true
        }
        for keyword in Self.singleSubschemaKeywords {
            if let child = object[keyword], child.objectValue != nil {
                try index(child, pointer: pointer.appending(keyword), resource: resource, isResourceRoot: false)
            }
        }
        for keyword in Self.arraySubschemaKeywords {
            if case .array(let children)? = object[keyword] {
                for (position, child) in children.enumerated() {
                    try index(
                        child, pointer: pointer.appending(keyword).appending(position), resource: resource,
                        isResourceRoot: false)
                }
            }
        }
        for keyword in Self.mapSubschemaKeywords {
            if case .object(let children)? = object[keyword] {
                for (key, child) in children {
                    try index(
                        child, pointer: pointer.appending(keyword).appending(key), resource: resource,
                        isResourceRoot: false)
                }
            }
        }
    }

    /// Every resource loaded so far.
    var allResources: [SchemaResource] { resourcesByDocument.flatMap { $0 } }

    // MARK: Lookup

    /// The place `uri` refers to: a resource root, a JSON pointer below it, or an anchor.
    func locate(_ uri: String, defaultDraft: Draft) throws(SchemaError) -> (
        SchemaLocation, SchemaResource, viaDynamicAnchor: Bool
    )? {
        let (base, fragment) = URIReference.split(uri)
        guard let resource = try resource(for: base, defaultDraft: defaultDraft) else { return nil }
        if fragment.isEmpty {
            return (SchemaLocation(document: resource.document, pointer: resource.pointer), resource, false)
        }
        if fragment.hasPrefix("/") || fragment.hasPrefix("%2F") || fragment.hasPrefix("%2f") {
            guard let relative = try? JSONPointer(fragment: fragment) else { return nil }
            let pointer = resource.pointer.appending(relative)
            guard pointer.resolve(in: documents[resource.document].root) != nil else { return nil }
            let location = SchemaLocation(document: resource.document, pointer: pointer)
            return (location, enclosingResource(of: location), false)
        }
        let name = fragment.removingPercentEncodingQuietly
        guard let pointer = resource.anchors[name] else { return nil }
        let location = SchemaLocation(document: resource.document, pointer: pointer)
        return (location, enclosingResource(of: location), resource.dynamicAnchors[name] != nil)
    }

    /// The innermost resource whose subtree holds `location`.
    func enclosingResource(of location: SchemaLocation) -> SchemaResource {
        var best: SchemaResource?
        for resource in resourcesByDocument[location.document]
        where resource.pointer.tokens.count <= location.pointer.tokens.count
            && Array(location.pointer.tokens.prefix(resource.pointer.tokens.count)) == resource.pointer.tokens
        {
            if best == nil || resource.pointer.tokens.count > (best?.pointer.tokens.count ?? 0) { best = resource }
        }
        // The document root is always registered, so `best` is set.
        return best ?? resourcesByDocument[location.document][0]
    }

    /// The value at `location`.
    func value(at location: SchemaLocation) -> JSONValue? {
        location.pointer.resolve(in: documents[location.document].root)
    }

    /// Drops an empty fragment so `http://x/y#` and `http://x/y` are one key.
    static func normalize(_ uri: String) -> String {
        uri.hasSuffix("#") ? String(uri.dropLast()) : uri
    }
}
