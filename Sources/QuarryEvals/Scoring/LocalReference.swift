import QuarrySchema

/// Resolves `$ref`s that stay inside one schema document: `#/json/pointer`, `#anchor`, and
/// either of those after the document's own `$id`. Anything else (another document) is not
/// followed: evals never fetch schemas.
enum LocalReference {
    static func resolve(_ reference: String, in document: JSONValue) -> JSONPointer? {
        let rootID = document["$id"]?.stringValue
        var fragment = ""
        if let hash = reference.firstIndex(of: "#") {
            let base = String(reference[..<hash])
            if !base.isEmpty, base != rootID { return nil }
            fragment = String(reference[reference.index(after: hash)...])
        } else if reference != rootID {
            return nil
        }
        if fragment.isEmpty { return .root }
        if fragment.hasPrefix("/") { return try? JSONPointer(fragment: fragment) }
        return findAnchor(fragment, in: document, at: .root)
    }

    private static func findAnchor(_ name: String, in value: JSONValue, at pointer: JSONPointer) -> JSONPointer? {
        switch value {
        case .object(let object):
            if object["$anchor"]?.stringValue == name { return pointer }
            for (key, child) in object {
                if let found = findAnchor(name, in: child, at: pointer.appending(key)) { return found }
            }
        case .array(let array):
            for (index, child) in array.enumerated() {
                if let found = findAnchor(name, in: child, at: pointer.appending(index)) { return found }
            }
        default: break
        }
        return nil
    }

    /// For `anyOf`/`oneOf` whose branches are one schema and `{"type": "null"}` (or an `allOf` of
    /// one schema): the pointer of that one schema, and whether `null` is allowed by the branch.
    static func singleBranch(of object: JSONObject, at pointer: JSONPointer) -> (JSONPointer, nullable: Bool)? {
        for keyword in ["anyOf", "oneOf"] {
            guard case .array(let branches)? = object[keyword] else { continue }
            let nonNull = branches.enumerated().filter { _, branch in !isNullSchema(branch) }
            if nonNull.count == 1 {
                return (pointer.appending(keyword).appending(nonNull[0].offset), branches.count > 1)
            }
        }
        if case .array(let parts)? = object["allOf"], parts.count == 1 {
            return (pointer.appending("allOf").appending(0), false)
        }
        return nil
    }

    static func isNullSchema(_ value: JSONValue) -> Bool {
        guard let object = value.objectValue else { return false }
        let meaningful = object.keys.filter { !["title", "description", "$comment"].contains($0) }
        return meaningful == ["type"] && object["type"]?.stringValue == "null"
    }
}
