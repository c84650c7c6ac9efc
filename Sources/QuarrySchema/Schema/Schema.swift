/// A compiled JSON Schema: parse and compile once, validate many instances.
///
/// ```swift
/// let schema = try Schema(text: schemaText, file: "invoice.schema.json")
/// let result = schema.validate(try JSONValue(parsing: reply))
/// for error in result.errors { print(error) }   // /items/2/price: -4 is less than the minimum of 0
/// ```
///
/// Drafts 2020-12 (the default), 2019-09 and 7 are fully supported; 6 and 4 on a best-effort
/// basis. `$ref`s to other documents resolve only through ``SchemaOptions/resolver``; nothing is
/// fetched over the network. A `Schema` is immutable and safe to share across tasks.
public struct Schema: Sendable {
    let compiled: CompiledSchema

    /// Compiles a schema document.
    ///
    /// - Throws: ``SchemaError`` naming the JSON pointer of a malformed keyword, an invalid
    ///   pattern or an unresolvable reference.
    public init(compiling document: JSONValue, options: SchemaOptions = SchemaOptions()) throws(SchemaError) {
        compiled = try CompiledSchema(document: document, options: options)
    }

    /// Parses and compiles schema text; errors carry `file` and the line and column.
    public init(text: String, file: String? = nil, options: SchemaOptions = SchemaOptions()) throws(SchemaError) {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: text)
        } catch {
            throw SchemaError(
                kind: .malformedJSON(error), message: "the schema is not valid JSON: \(error.message)", pointer: .root,
                documentURI: options.baseURI, file: file,
                location: TextLocation(line: error.line, column: error.column, byteOffset: error.byteOffset))
        }
        do {
            compiled = try CompiledSchema(document: document, options: options)
        } catch var error {
            error.file = file
            if error.documentURI == compiledDocumentURI(document, options: options) {
                error.location = JSONSourceLocator.location(of: error.pointer, in: text)
            }
            throw error
        }
    }

    /// The schema document as given.
    public var document: JSONValue { compiled.document }

    /// The draft the root schema is evaluated with.
    public var draft: Draft { compiled.rootResource.draft }

    /// The options the schema was compiled with.
    public var options: SchemaOptions { compiled.options }

    /// Validates `instance` and reports every error (or only the first, with
    /// ``SchemaOptions/stopsAtFirstError``).
    public func validate(_ instance: JSONValue) -> ValidationResult {
        if compiled.options.stopsAtFirstError {
            if isValid(instance) { return ValidationResult(errors: []) }
            let errors = compiled.run(instance, collectsErrors: true)
            return ValidationResult(errors: Array(errors.prefix(1)))
        }
        return ValidationResult(errors: compiled.run(instance, collectsErrors: true))
    }

    /// Whether `instance` is valid; faster than ``validate(_:)`` because it stops at the first
    /// failure and builds no messages.
    public func isValid(_ instance: JSONValue) -> Bool {
        var context = ValidationContext(schema: compiled, collectsErrors: false)
        var evaluated = Evaluated()
        return compiled.root.validate(instance, &context, &evaluated)
    }
}

/// The URI a document without `$id` is registered under.
private func compiledDocumentURI(_ document: JSONValue, options: SchemaOptions) -> String {
    SchemaRegistry.normalize(options.baseURI)
}

/// The compiled graph behind ``Schema``.
final class CompiledSchema: @unchecked Sendable {
    let document: JSONValue
    let options: SchemaOptions
    let root: SchemaNode
    let rootResource: SchemaResource
    let tracksAnnotations: Bool
    let tracksDynamicScope: Bool
    /// The SHA-256 of the document's canonical text, computed once.
    let canonicalHash: String
    /// Keeps every node reachable (nodes reference each other; the registry owns nothing).
    private let registry: SchemaRegistry

    init(document: JSONValue, options: SchemaOptions) throws(SchemaError) {
        self.document = document
        self.options = options
        let registry = SchemaRegistry(options: options)
        let resource = try registry.addDocument(document, uri: options.baseURI, defaultDraft: options.defaultDraft)
        let compiler = SchemaCompiler(registry: registry)
        let root = try compiler.node(at: SchemaLocation(document: resource.document, pointer: .root))
        try compiler.compilePending()
        // Dynamic targets are only known at run time: compile every dynamic anchor and every
        // recursive-anchor root that any loaded resource declares.
        if compiler.usesDynamicScope {
            var finished = 0
            while finished != registry.allResources.count {
                let resources = registry.allResources
                for resource in resources[finished...] {
                    for (name, pointer) in resource.dynamicAnchors {
                        resource.dynamicAnchorNodes[name] = try compiler.node(
                            at: SchemaLocation(document: resource.document, pointer: pointer))
                    }
                    if resource.recursiveAnchor {
                        resource.rootNode = try compiler.node(
                            at: SchemaLocation(document: resource.document, pointer: resource.pointer))
                    }
                }
                finished = resources.count
                try compiler.compilePending()
            }
        }
        self.root = root
        self.rootResource = resource
        self.registry = registry
        tracksAnnotations = compiler.usesUnevaluated
        tracksDynamicScope = compiler.usesDynamicScope
        canonicalHash = SHA256.hexDigest(document.canonicalText)
    }

    func run(_ instance: JSONValue, collectsErrors: Bool) -> [ValidationError] {
        var context = ValidationContext(schema: self, collectsErrors: collectsErrors)
        var evaluated = Evaluated()
        _ = root.validate(instance, &context, &evaluated)
        return context.errors
    }
}
