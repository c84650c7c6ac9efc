import QuarrySchema

/// Turns a JSON Schema file into Swift: `Codable` types, the embedded schema and its hash, and
/// `decode(validating:)` — in three stages (parse → declarations → text), each testable alone.
///
/// ```swift
/// let file = QuarryGenerator.generate(path: "invoice.schema.json", text: schemaText)
/// for diagnostic in file.diagnostics { print(diagnostic) }
/// if let source = file.source { try source.write(to: outputURL, atomically: true, encoding: .utf8) }
/// ```
///
/// The generator never fails on input: malformed JSON, a schema that is not a schema or a
/// `$ref` cycle give a located error diagnostic and no source; anything it cannot type precisely
/// becomes `JSONValue` with a warning.
public enum QuarryGenerator {
    /// The version of the generated code's layout; bumped when generated output changes shape.
    public static let generatorVersion = 1

    /// Stage one: parses and compiles the schema file.
    public static func parse(
        path: String, text: String, options: GeneratorOptions = GeneratorOptions()
    ) -> (ParsedSchemaFile?, [Diagnostic]) {
        var diagnostics = DiagnosticCollector(file: path, text: text)
        let parsed = SchemaFileParser.parse(path: path, text: text, options: options, diagnostics: &diagnostics)
        return (parsed, diagnostics.diagnostics)
    }

    /// Stage two: the declarations for a parsed file, with warnings for imprecise subtrees and
    /// for the linted providers' limits.
    public static func translate(
        _ file: ParsedSchemaFile, options: GeneratorOptions = GeneratorOptions()
    ) -> (TranslatedSchema, [Diagnostic]) {
        var translator = SchemaTranslator(
            file: file, options: options, diagnostics: DiagnosticCollector(file: file.path, text: file.text))
        let root = translator.translate()
        var diagnostics = translator.diagnostics
        for profile in options.lintedProviders {
            for finding in ProviderLint.lint(file.document, for: profile) {
                diagnostics.emit(.warning, finding.message, at: finding.pointer)
            }
        }
        let fileName = String(file.path.split(separator: "/").last ?? Substring(file.path))
        let translated = TranslatedSchema(
            root: root, namespace: options.namespace,
            schemaName: SchemaTranslator.schemaName(fromFileName: fileName), fileName: fileName,
            schemaText: file.text, schemaHash: file.schema.canonicalHash,
            accessModifier: options.accessLevel == .public ? "public" : "",
            defaultDraft: options.defaultDraft == .draft2020_12 ? nil : options.defaultDraft)
        return (translated, diagnostics.diagnostics)
    }

    /// Stage three: the Swift source for translated declarations.
    public static func render(_ translated: TranslatedSchema) -> String {
        SwiftRenderer(translated).render()
    }

    /// All three stages: the Swift source for the schema file at `path` whose text is `text`.
    public static func generate(path: String, text: String, options: GeneratorOptions = GeneratorOptions())
        -> GeneratedFile
    {
        let (parsed, parseDiagnostics) = parse(path: path, text: text, options: options)
        guard let parsed else { return GeneratedFile(source: nil, diagnostics: parseDiagnostics, rootTypeName: nil) }
        let (translated, diagnostics) = translate(parsed, options: options)
        let rootName = options.namespace.map { "\($0).\(translated.root.name)" } ?? translated.root.name
        return GeneratedFile(
            source: render(translated), diagnostics: parseDiagnostics + diagnostics, rootTypeName: rootName)
    }
}
