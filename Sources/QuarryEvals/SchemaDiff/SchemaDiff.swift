import QuarrySchema

/// The changes between two versions of a schema, each classified as breaking or compatible for
/// consumers of extracted data (see ``SchemaChange``). `quarry diff old new` prints them.
///
/// Both documents are walked together from the root, following local `$ref`s, treating
/// `type` lists and `anyOf`/`oneOf` with a `null` branch as nullable types, and comparing
/// properties, `required`, `additionalProperties`, types, `enum`/`const`, numeric, string and
/// array bounds, `pattern`, `format`, `uniqueItems`, array `items`, and titles/descriptions.
public struct SchemaDiff: Sendable {
    /// Every change, in the order the walk met them (document order of the new schema).
    public let changes: [SchemaChange]

    /// Compares two schema documents.
    public init(old: JSONValue, new: JSONValue) {
        var walker = Walker(old: old, new: new)
        walker.compare(.root, .root, path: [])
        changes = walker.changes
    }

    /// The breaking changes.
    public var breakingChanges: [SchemaChange] { changes.filter(\.isBreaking) }

    /// Whether any change is breaking.
    public var hasBreakingChanges: Bool { changes.contains(where: \.isBreaking) }
}

extension SchemaDiff {
    /// A schema node after following `$ref`s and nullable wrappers.
    fileprivate struct View {
        var pointer: JSONPointer
        var object: JSONObject
        /// The titles and descriptions met on the way, outermost first.
        var descriptions: [String]
        /// The `x-eval` annotations met on the way.
        var annotations: [JSONValue]
        /// Whether a wrapper (`anyOf: [X, {"type": "null"}]`) allows null.
        var wrappedNullable: Bool

        /// The allowed types, or `nil` for any.
        var types: Set<String>? {
            var types: Set<String>?
            switch object["type"] {
            case .string(let name)?: types = [name]
            case .array(let names)?: types = Set(names.compactMap(\.stringValue))
            default: types = nil
            }
            if wrappedNullable, types != nil { types?.insert("null") }
            return types
        }

        /// `enum` or `const` values.
        var values: [JSONValue]? {
            if case .array(let values)? = object["enum"] { return values }
            if let constant = object["const"] { return [constant] }
            return nil
        }

        var properties: JSONObject { object["properties"]?.objectValue ?? JSONObject() }
        var required: Set<String> { Set(object["required"]?.arrayValue?.compactMap(\.stringValue) ?? []) }
    }

    fileprivate struct Walker {
        let old: JSONValue
        let new: JSONValue
        var changes: [SchemaChange] = []
        var visited: Set<String> = []

        init(old: JSONValue, new: JSONValue) {
            self.old = old
            self.new = new
        }

        func view(_ pointer: JSONPointer, in document: JSONValue) -> View {
            var current = pointer
            var descriptions: [String] = []
            var annotations: [JSONValue] = []
            var nullable = false
            var seen: Set<JSONPointer> = []
            while seen.insert(current).inserted {
                guard case .object(let object)? = current.resolve(in: document) else { break }
                for key in ["title", "description"] {
                    if let text = object[key]?.stringValue { descriptions.append("\(key): \(text)") }
                }
                if let annotation = object["x-eval"] { annotations.append(annotation) }
                let structural = ["type", "properties", "items", "enum", "const"].contains { object[$0] != nil }
                if !structural, let reference = object["$ref"]?.stringValue,
                    let target = LocalReference.resolve(reference, in: document)
                {
                    current = target
                    continue
                }
                if !structural, let (branch, wrapsNull) = LocalReference.singleBranch(of: object, at: current) {
                    nullable = nullable || wrapsNull
                    current = branch
                    continue
                }
                return View(
                    pointer: current, object: object, descriptions: descriptions, annotations: annotations,
                    wrappedNullable: nullable)
            }
            return View(
                pointer: current, object: JSONObject(), descriptions: descriptions, annotations: annotations,
                wrappedNullable: nullable)
        }

        mutating func note(
            _ kind: SchemaChange.Kind, _ path: [String], old: JSONPointer?, new: JSONPointer?, _ message: String
        ) {
            changes.append(
                SchemaChange(
                    kind: kind, instancePath: CaseScorer.path(path), oldLocation: old, newLocation: new,
                    message: message))
        }

        mutating func compare(_ oldPointer: JSONPointer, _ newPointer: JSONPointer, path: [String]) {
            guard path.count < CaseScorer.maximumDepth else { return }
            let before = view(oldPointer, in: old)
            let after = view(newPointer, in: new)
            // Only the definitions on the current path are remembered: a shared definition is
            // reported under every field that uses it, and a recursive one ends.
            let key = "\(before.pointer)\u{0}\(after.pointer)"
            guard visited.insert(key).inserted else { return }
            defer { visited.remove(key) }
            if before.descriptions != after.descriptions {
                note(.descriptionChanged, path, old: oldPointer, new: newPointer, "the title or description changed")
            }
            if before.annotations != after.annotations {
                note(.scoringChanged, path, old: oldPointer, new: newPointer, "the x-eval annotation changed")
            }
            compareTypes(before, after, path)
            compareValues(before, after, path)
            compareBounds(before, after, path)
            compareObjects(before, after, path)
            compareCompositions(before, after, path)
            if case .object? = before.object["items"], case .object? = after.object["items"] {
                compare(before.pointer.appending("items"), after.pointer.appending("items"), path: path + ["*"])
            } else if before.object["items"] != nil || after.object["items"] != nil,
                before.object["items"] != after.object["items"]
            {
                note(
                    .compositionChanged, path, old: before.pointer, new: after.pointer,
                    "the array's items schema changed form")
            }
        }

        static func admits(_ types: Set<String>?, _ type: String) -> Bool {
            guard let types else { return true }
            return types.contains(type) || (type == "integer" && types.contains("number"))
        }

        static let allTypes: Set<String> = ["null", "boolean", "number", "string", "array", "object"]

        static func describe(_ types: Set<String>?) -> String {
            guard let types else { return "any type" }
            return types.count == 1 ? types.first ?? "" : "[" + types.sorted().joined(separator: ", ") + "]"
        }

        mutating func compareTypes(_ before: View, _ after: View, _ path: [String]) {
            let oldTypes = before.types
            let newTypes = after.types
            guard oldTypes != newTypes else { return }
            let removed = (oldTypes ?? Self.allTypes).filter { !Self.admits(newTypes, $0) }.sorted()
            let added = (newTypes ?? Self.allTypes).filter { !Self.admits(oldTypes, $0) }.sorted()
            let transition = "\(Self.describe(oldTypes)) -> \(Self.describe(newTypes))"
            let location = after.object["type"] != nil ? after.pointer.appending("type") : after.pointer
            if !removed.isEmpty && !added.isEmpty {
                note(.typeChanged, path, old: before.pointer, new: location, "the type changed: \(transition)")
            } else if !removed.isEmpty {
                note(
                    .typeNarrowed, path, old: before.pointer, new: location,
                    "no longer allows \(removed.joined(separator: ", ")): \(transition)")
            } else if !added.isEmpty {
                note(
                    .typeWidened, path, old: before.pointer, new: location,
                    "now allows \(added.joined(separator: ", ")): \(transition)")
            }
        }

        mutating func compareValues(_ before: View, _ after: View, _ path: [String]) {
            switch (before.values, after.values) {
            case (nil, nil):
                return
            case (nil, let values?):
                note(
                    .enumAdded, path, old: before.pointer, new: after.pointer,
                    "now restricted to \(values.map { $0.serialized() }.joined(separator: ", "))")
            case (_?, nil):
                note(.enumRemoved, path, old: before.pointer, new: after.pointer, "no longer restricted to an enum")
            case (let oldValues?, let newValues?):
                let location = after.object["enum"] != nil ? after.pointer.appending("enum") : after.pointer
                for value in oldValues where !newValues.contains(value) {
                    note(
                        .enumValueRemoved, path, old: before.pointer, new: location, "\(value.serialized()) was removed"
                    )
                }
                for value in newValues where !oldValues.contains(value) {
                    note(.enumValueAdded, path, old: before.pointer, new: location, "\(value.serialized()) was added")
                }
            }
        }

        mutating func compareBounds(_ before: View, _ after: View, _ path: [String]) {
            let lower = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains"]
            let upper = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains"]
            for keyword in lower + upper {
                let oldValue = before.object[keyword]?.numberValue
                let newValue = after.object[keyword]?.numberValue
                guard oldValue != newValue else { continue }
                let location = after.pointer.appending(keyword)
                switch (oldValue, newValue) {
                case (nil, let value?):
                    note(
                        .constraintTightened, path, old: before.pointer, new: location, "\(keyword) \(value) was added")
                case (let value?, nil):
                    note(
                        .constraintLoosened, path, old: before.pointer.appending(keyword), new: nil,
                        "\(keyword) \(value) was removed")
                case (let oldBound?, let newBound?):
                    let stricter = lower.contains(keyword) ? oldBound < newBound : newBound < oldBound
                    note(
                        stricter ? .constraintTightened : .constraintLoosened, path, old: before.pointer, new: location,
                        "\(keyword) \(oldBound) -> \(newBound)")
                default:
                    break
                }
            }
            if let oldStep = before.object["multipleOf"]?.numberValue,
                let newStep = after.object["multipleOf"]?.numberValue
            {
                if oldStep != newStep {
                    let looser = oldStep.isMultiple(of: newStep)
                    note(
                        looser ? .constraintLoosened : .constraintTightened, path, old: before.pointer,
                        new: after.pointer.appending("multipleOf"), "multipleOf \(oldStep) -> \(newStep)")
                }
            } else if let step = after.object["multipleOf"]?.numberValue {
                note(
                    .constraintTightened, path, old: before.pointer, new: after.pointer.appending("multipleOf"),
                    "multipleOf \(step) was added")
            } else if let step = before.object["multipleOf"]?.numberValue {
                note(
                    .constraintLoosened, path, old: before.pointer.appending("multipleOf"), new: nil,
                    "multipleOf \(step) was removed")
            }
            for keyword in ["pattern", "format"] {
                let oldValue = before.object[keyword]?.stringValue
                let newValue = after.object[keyword]?.stringValue
                guard oldValue != newValue else { continue }
                if let newValue {
                    note(
                        .constraintTightened, path, old: before.pointer, new: after.pointer.appending(keyword),
                        oldValue.map { "\(keyword) \"\($0)\" -> \"\(newValue)\"" }
                            ?? "\(keyword) \"\(newValue)\" was added"
                    )
                } else if let oldValue {
                    note(
                        .constraintLoosened, path, old: before.pointer.appending(keyword), new: nil,
                        "\(keyword) \"\(oldValue)\" was removed")
                }
            }
            let oldUnique = before.object["uniqueItems"]?.boolValue ?? false
            let newUnique = after.object["uniqueItems"]?.boolValue ?? false
            if oldUnique != newUnique {
                note(
                    newUnique ? .constraintTightened : .constraintLoosened, path, old: before.pointer,
                    new: after.pointer.appending("uniqueItems"),
                    newUnique ? "items must now be unique" : "items no longer need to be unique")
            }
        }

        mutating func compareObjects(_ before: View, _ after: View, _ path: [String]) {
            let oldProperties = before.properties
            let newProperties = after.properties
            let oldRequired = before.required
            let newRequired = after.required
            for (name, _) in oldProperties where !newProperties.contains(key: name) {
                note(
                    .propertyRemoved, path + [name], old: before.pointer.appending("properties").appending(name),
                    new: nil, "the property \"\(name)\" was removed")
            }
            for (name, _) in newProperties {
                let newLocation = after.pointer.appending("properties").appending(name)
                guard oldProperties.contains(key: name) else {
                    if newRequired.contains(name) {
                        note(
                            .requiredPropertyAdded, path + [name], old: nil, new: newLocation,
                            "the required property \"\(name)\" was added")
                    } else {
                        note(
                            .optionalPropertyAdded, path + [name], old: nil, new: newLocation,
                            "the optional property \"\(name)\" was added")
                    }
                    continue
                }
                let oldLocation = before.pointer.appending("properties").appending(name)
                if oldRequired.contains(name) && !newRequired.contains(name) {
                    note(
                        .propertyBecameOptional, path + [name], old: before.pointer.appending("required"),
                        new: after.pointer, "\"\(name)\" is no longer required")
                } else if !oldRequired.contains(name) && newRequired.contains(name) {
                    note(
                        .propertyBecameRequired, path + [name], old: before.pointer,
                        new: after.pointer.appending("required"), "\"\(name)\" is now required")
                }
                compare(oldLocation, newLocation, path: path + [name])
            }
            for name in newRequired.sorted()
            where !newProperties.contains(key: name) && !oldRequired.contains(name)
                && !oldProperties.contains(key: name)
            {
                note(
                    .requiredPropertyAdded, path + [name], old: nil, new: after.pointer.appending("required"),
                    "the property \"\(name)\" is now required")
            }
            let oldAdditional = before.object["additionalProperties"]
            let newAdditional = after.object["additionalProperties"]
            let oldForbids = oldAdditional == .bool(false)
            let newForbids = newAdditional == .bool(false)
            if !oldForbids && newForbids {
                note(
                    .additionalPropertiesRestricted, path, old: before.pointer,
                    new: after.pointer.appending("additionalProperties"), "properties not named are no longer allowed")
            } else if oldForbids && !newForbids {
                note(
                    .additionalPropertiesAllowed, path, old: before.pointer.appending("additionalProperties"),
                    new: after.pointer, "properties not named are now allowed")
            } else if case .object? = oldAdditional, case .object? = newAdditional {
                compare(
                    before.pointer.appending("additionalProperties"), after.pointer.appending("additionalProperties"),
                    path: path + ["*"])
            }
        }

        mutating func compareCompositions(_ before: View, _ after: View, _ path: [String]) {
            for keyword in ["anyOf", "oneOf", "allOf"] {
                let oldBranches = before.object[keyword]?.arrayValue
                let newBranches = after.object[keyword]?.arrayValue
                if oldBranches == nil && newBranches == nil { continue }
                guard let oldBranches, let newBranches, oldBranches.count == newBranches.count else {
                    note(
                        .compositionChanged, path, old: before.pointer, new: after.pointer.appending(keyword),
                        "\(keyword) changed from \(oldBranches?.count ?? 0) to \(newBranches?.count ?? 0) branches")
                    continue
                }
                for index in oldBranches.indices {
                    compare(
                        before.pointer.appending(keyword).appending(index),
                        after.pointer.appending(keyword).appending(index), path: path)
                }
            }
        }
    }
}
