import QuarrySchema

/// Re-asking only for the part of a reply that is wrong: the smallest subtree that holds every
/// error, with its own subschema, merged back into the reply. Small models fix one object far
/// more reliably than they regenerate a whole document.
public enum SubtreeCorrection {
    /// What to re-ask for: where the subtree sits in the reply, and its schema.
    public struct Target: Sendable, Hashable {
        /// The subtree's place in the reply.
        public var pointer: JSONPointer
        /// The subtree's schema (with the root's `$defs` attached when it has references).
        public var schema: JSONValue
    }

    /// The deepest subtree holding every error, when its schema can be found in the document
    /// (errors inside the root document, not in other resources); `nil` when that is the root
    /// itself, where a full correction is the same request.
    public static func target(for errors: [ValidationError], in document: JSONValue) -> Target? {
        guard let first = errors.first else { return nil }
        var common = first.instanceLocation.tokens
        for error in errors.dropFirst() {
            let tokens = error.instanceLocation.tokens
            var shared = 0
            while shared < min(common.count, tokens.count), common[shared] == tokens[shared] { shared += 1 }
            common = Array(common.prefix(shared))
        }
        guard !common.isEmpty else { return nil }
        // The schema of the subtree: the failing keyword's parent, for an error located at the
        // subtree itself; otherwise walk the document's properties/items along the pointer.
        guard let schema = subschema(along: common, in: document) else { return nil }
        return Target(pointer: JSONPointer(tokens: common), schema: attachingDefinitions(to: schema, from: document))
    }

    /// `schema` with the root document's `$defs` (and `definitions`) attached when it has
    /// references, so it can be sent on its own.
    static func attachingDefinitions(to schema: JSONValue, from document: JSONValue) -> JSONValue {
        guard case .object(var keywords) = schema, let root = document.objectValue,
            schema.serialized().contains("\"$ref\"")
        else { return schema }
        for container in ["$defs", "definitions"] where keywords[container] == nil && root[container] != nil {
            keywords[container] = root[container]
        }
        return .object(keywords)
    }

    /// The subschema an instance at `tokens` is validated against, following `properties`,
    /// `items` and local `$ref`s from the root (no combinators: `nil` when ambiguous).
    static func subschema(along tokens: [String], in document: JSONValue) -> JSONValue? {
        var current = document
        for token in tokens {
            current = resolved(current, in: document)
            guard let keywords = current.objectValue else { return nil }
            if let property = keywords["properties"]?.objectValue?[token] {
                current = property
            } else if Int(token) != nil, let items = keywords["items"], items.objectValue != nil {
                current = items
            } else {
                return nil
            }
        }
        return resolved(current, in: document)
    }

    private static func resolved(_ schema: JSONValue, in document: JSONValue) -> JSONValue {
        var current = schema
        for _ in 0..<16 {
            guard let reference = current.objectValue?["$ref"]?.stringValue, reference.hasPrefix("#"),
                let pointer = try? JSONPointer(fragment: String(reference.dropFirst())),
                let target = pointer.resolve(in: document)
            else { return current }
            current = target
        }
        return current
    }

    /// The request message asking for the subtree alone.
    public static func message(for target: Target, current: JSONValue?, errors: [ValidationError]) -> String {
        var lines = ["Only part of your reply is wrong: the value at \(target.pointer)."]
        if let current { lines.append("It is now: \(current.serialized())") }
        lines.append("Fix:")
        for error in errors.prefix(12) { lines.append("- \(error.displayedInstanceLocation): \(error.message)") }
        lines.append("Reply with the corrected value at \(target.pointer) only, as JSON.")
        return lines.joined(separator: "\n")
    }

    /// `value` with the subtree at `pointer` replaced by `replacement`.
    public static func merge(_ replacement: JSONValue, at pointer: JSONPointer, into value: JSONValue) -> JSONValue? {
        guard let token = pointer.tokens.first else { return replacement }
        let rest = JSONPointer(tokens: Array(pointer.tokens.dropFirst()))
        switch value {
        case .object(var object):
            guard let child = object[token], let merged = merge(replacement, at: rest, into: child) else { return nil }
            object[token] = merged
            return .object(object)
        case .array(var items):
            guard let index = Int(token), items.indices.contains(index),
                let merged = merge(replacement, at: rest, into: items[index])
            else { return nil }
            items[index] = merged
            return .array(items)
        default:
            return nil
        }
    }
}
