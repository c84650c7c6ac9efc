import Foundation

/// Serves schema URIs under a prefix from files in a local directory, so
/// `http://localhost:1234/nested/string.json` can come from `remotes/nested/string.json`.
///
/// Only URIs that start with ``prefix`` are answered; nothing is fetched over the network.
public struct DirectorySchemaResolver: SchemaResolver {
    /// The URI prefix, for example `http://localhost:1234/`.
    public var prefix: String
    /// The directory that holds the files.
    public var directory: String

    /// Creates a resolver mapping `prefix` to `directory`.
    public init(prefix: String, directory: String) {
        self.prefix = prefix
        self.directory = directory
    }

    /// Reads and parses the file for `uri`, or returns `nil` when `uri` is outside the prefix
    /// or the file does not exist.
    public func resolve(_ uri: String) throws -> JSONValue? {
        guard uri.hasPrefix(prefix) else { return nil }
        let relative = String(uri.dropFirst(prefix.count))
        guard !relative.split(separator: "/").contains("..") else { return nil }
        let path = URL(fileURLWithPath: directory).appendingPathComponent(relative).path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONValue(parsing: [UInt8](data))
    }
}

extension Schema {
    /// Reads, parses and compiles the schema file at `path`; errors name the file, line and
    /// column.
    public init(contentsOfFile path: String, options: SchemaOptions = SchemaOptions()) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let text = String(data: data, encoding: .utf8) else {
            throw SchemaError(
                kind: .malformedJSON(
                    JSONParseError(
                        kind: .invalidUTF8, message: "the file is not UTF-8", byteOffset: 0, line: 1, column: 1)),
                message: "the schema file is not valid UTF-8", pointer: .root, documentURI: options.baseURI, file: path)
        }
        try self.init(text: text, file: path, options: options)
    }
}

extension JSONValue {
    /// Parses UTF-8 JSON data.
    public init(parsing data: Data, options: JSONParser.Options = .init()) throws(JSONParseError) {
        let result: Result<JSONValue, JSONParseError> = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            return Result { () throws(JSONParseError) -> JSONValue in try JSONParser(options: options).parse(bytes) }
        }
        self = try result.get()
    }
}
