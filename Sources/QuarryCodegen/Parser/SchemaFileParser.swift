import QuarrySchema

/// Parses and compiles a schema file, turning every problem into a located diagnostic.
enum SchemaFileParser {
    static func parse(
        path: String, text: String, options: GeneratorOptions, diagnostics: inout DiagnosticCollector
    ) -> ParsedSchemaFile? {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: text)
        } catch {
            diagnostics.append(
                Diagnostic(
                    .error, "malformed JSON: \(error.message)", file: path,
                    location: TextLocation(line: error.line, column: error.column, byteOffset: error.byteOffset)))
            return nil
        }
        switch document {
        case .object, .bool: break
        default:
            diagnostics.emit(.error, "a schema must be a JSON object or a boolean, not \(document.typeName)", at: .root)
            return nil
        }
        let schema: Schema
        do {
            schema = try Schema(
                compiling: document,
                options: SchemaOptions(defaultDraft: options.defaultDraft, resolver: options.resolver))
        } catch {
            diagnostics.emit(.error, "invalid schema: \(error.message)", at: error.pointer)
            return nil
        }
        return ParsedSchemaFile(path: path, text: text, document: document, schema: schema)
    }
}
