import QuarrySchema

extension GeneratorOptions {
    /// Reads options from a `quarry-codegen.json` file's text, the configuration the build
    /// plugin passes along when a target has one:
    ///
    /// ```json
    /// { "namespace": "Schemas", "access": "internal", "draft": "2020-12", "lint": ["openai", "llama.cpp"] }
    /// ```
    ///
    /// Every key is optional. Unknown keys and values are errors, so a typo is not ignored.
    public init(configurationText text: String) throws(GeneratorConfigurationError) {
        self.init()
        let document: JSONValue
        do {
            document = try JSONValue(parsing: text)
        } catch {
            throw GeneratorConfigurationError(
                message: "malformed JSON at \(error.line):\(error.column): \(error.message)")
        }
        guard let object = document.objectValue else {
            throw GeneratorConfigurationError(message: "the configuration must be a JSON object")
        }
        for (key, value) in object {
            switch key {
            case "namespace":
                guard let name = value.stringValue else { throw .init(message: "\"namespace\" must be a string") }
                namespace = name
            case "access":
                guard let name = value.stringValue, let level = AccessLevel(rawValue: name) else {
                    throw .init(message: "\"access\" must be \"public\" or \"internal\"")
                }
                accessLevel = level
            case "draft":
                guard let name = value.stringValue, let draft = Draft(name: name) else {
                    throw .init(message: "\"draft\" must be one of 2020-12, 2019-09, 7, 6, 4")
                }
                defaultDraft = draft
            case "lint":
                guard let names = value.arrayValue?.compactMap(\.stringValue), names.count == value.arrayValue?.count
                else { throw .init(message: "\"lint\" must be a list of provider names") }
                lintedProviders = try names.map { name throws(GeneratorConfigurationError) in
                    guard let profile = ProviderProfile(named: name) else {
                        throw .init(
                            message:
                                "unknown provider \"\(name)\" in \"lint\" (known: \(ProviderProfile.allCases.map(\.rawValue).joined(separator: ", ")))"
                        )
                    }
                    return profile
                }
            default:
                throw .init(message: "unknown key \"\(key)\" (known: namespace, access, draft, lint)")
            }
        }
    }
}

/// A problem in a `quarry-codegen.json` configuration.
public struct GeneratorConfigurationError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// The message.
    public var description: String { message }
}
