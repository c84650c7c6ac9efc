/// `properties`, `patternProperties` and `additionalProperties`, evaluated together in one pass
/// over the instance's members: `additionalProperties` applies to members that neither of the
/// other two matched.
final class PropertiesKeyword: Keyword {
    let names: [String]
    let nodes: [SchemaNode]
    let lookup: [JSONKey: Int]?
    let patterns: [(ECMARegex, SchemaNode)]
    let additional: SchemaNode?
    let propertiesLocation: KeywordLocation
    let patternLocation: KeywordLocation
    let additionalLocation: KeywordLocation

    init(_ scope: KeywordScope) throws(SchemaError) {
        var names: [String] = []
        var nodes: [SchemaNode] = []
        if scope.object["properties"] != nil {
            for (name, node) in try scope.subschemaMap("properties") {
                names.append(name)
                nodes.append(node)
            }
        }
        self.names = names
        self.nodes = nodes
        if names.count > 8 {
            var lookup: [JSONKey: Int] = [:]
            for (position, name) in names.enumerated() { lookup[JSONKey(name)] = position }
            self.lookup = lookup
        } else {
            lookup = nil
        }
        var patterns: [(ECMARegex, SchemaNode)] = []
        if scope.object["patternProperties"] != nil {
            for (source, node) in try scope.subschemaMap("patternProperties") {
                do {
                    patterns.append((try ECMARegex(source), node))
                } catch {
                    throw scope.invalid(
                        "patternProperties", "'\(source)' is not a valid regular expression: \(error)",
                        kind: .invalidPattern)
                }
            }
        }
        self.patterns = patterns
        additional = scope.object["additionalProperties"] != nil ? try scope.subschema("additionalProperties") : nil
        propertiesLocation = scope.node.location(of: "properties")
        patternLocation = scope.node.location(of: "patternProperties")
        additionalLocation = scope.node.location(of: "additionalProperties")
    }

    /// The schema position of `key`, trying `hint` (the position after the previous match)
    /// first: replies usually list properties in schema order.
    @inline(__always)
    private func position(of key: String, hint: Int) -> Int? {
        if hint < names.count, names[hint].hasSameCodePoints(as: key) { return hint }
        if let lookup { return lookup[JSONKey(key)] }
        for position in names.indices where names[position].hasSameCodePoints(as: key) { return position }
        return nil
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        guard case .object(let object) = instance else { return true }
        var valid = true
        let count = object.count
        var hint = 0
        for index in 0..<count {
            let key = object.keys[index]
            let value = object.values[index]
            var matched = false
            if let position = position(of: key, hint: hint) {
                hint = position + 1
                matched = true
                context.pushKeyword("properties", key)
                context.pushInstance(key)
                let passed = nodes[position].validateChild(value, &context)
                context.popInstance()
                context.popKeyword(2)
                if !passed {
                    valid = false
                    if !context.collectsErrors { return false }
                }
            }
            for (regex, node) in patterns where regex.matches(key, stepLimit: context.regexStepLimit) == .matched {
                matched = true
                context.pushKeyword("patternProperties", regex.source)
                context.pushInstance(key)
                let passed = node.validateChild(value, &context)
                context.popInstance()
                context.popKeyword(2)
                if !passed {
                    valid = false
                    if !context.collectsErrors { return false }
                }
            }
            if !matched, let additional {
                matched = true
                if additional.constant == false {
                    valid = false
                    guard context.collectsErrors else { return false }
                    context.pushInstance(key)
                    context.fail(
                        additionalLocation, "the property \(JSONValue.string(key).briefDescription) is not allowed")
                    context.popInstance()
                    continue
                }
                context.pushKeyword("additionalProperties")
                context.pushInstance(key)
                let passed = additional.validateChild(value, &context)
                context.popInstance()
                context.popKeyword()
                if !passed {
                    valid = false
                    if !context.collectsErrors { return false }
                }
            }
            if matched, context.tracksAnnotations { evaluated.markProperty(index, of: count) }
        }
        return valid
    }
}
