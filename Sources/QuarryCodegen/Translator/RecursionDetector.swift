/// Finds the properties whose type contains the struct that holds them, and stores those
/// `Indirect`, so every generated type has a finite size; turns recursive type aliases into
/// wrapper structs (a type alias cannot refer to itself).
enum RecursionDetector {
    static func breakCycles(in root: inout Declaration, rootQualifiedName: String) {
        let parent = rootQualifiedName.split(separator: ".").dropLast().joined(separator: ".")
        var declarations: [String: Declaration] = [:]
        collect(root, parent: parent, into: &declarations)

        // Aliases that mention themselves become wrappers.
        for (name, declaration) in declarations.sorted(by: { $0.key < $1.key }) {
            guard case .alias(let alias) = declaration,
                mentions(alias.type, name, declarations: declarations, visited: [])
            else { continue }
            declarations[name] = .wrapper(
                WrapperDeclaration(
                    name: alias.name, documentation: alias.documentation, type: alias.type, isNullable: false))
        }

        // Struct-to-struct edges through stored (non-collection) values.
        func target(of type: TypeUsage) -> String? {
            var current = type
            var seen: Set<String> = []
            while true {
                switch current {
                case .nullable(let wrapped): current = wrapped
                case .named(let name):
                    guard seen.insert(name).inserted else { return nil }
                    if case .alias(let alias) = declarations[name] {
                        current = alias.type
                    } else {
                        return name
                    }
                default: return nil
                }
            }
        }
        var edges: [String: [String]] = [:]
        for (name, declaration) in declarations {
            switch declaration {
            case .structure(let structure): edges[name] = structure.properties.compactMap { target(of: $0.type) }
            case .wrapper(let wrapper): edges[name] = target(of: wrapper.type).map { [$0] } ?? []
            default: break
            }
        }
        func reaches(_ start: String, _ goal: String) -> Bool {
            var stack = [start]
            var seen: Set<String> = []
            while let next = stack.popLast() {
                if next == goal { return true }
                guard seen.insert(next).inserted else { continue }
                stack += edges[next] ?? []
            }
            return false
        }
        root = rewrite(root, parent: parent) { name, original in
            var declaration = original
            if case .alias = original, let replaced = declarations[name] { declaration = replaced }
            switch declaration {
            case .structure(var structure):
                for index in structure.properties.indices {
                    if let target = target(of: structure.properties[index].type), reaches(target, name) {
                        structure.properties[index].isIndirect = true
                    }
                }
                return .structure(structure)
            case .wrapper(var wrapper):
                if let target = target(of: wrapper.type), reaches(target, name) { wrapper.isIndirect = true }
                return .wrapper(wrapper)
            default:
                return declaration
            }
        }
    }

    private static func mentions(
        _ type: TypeUsage, _ name: String, declarations: [String: Declaration], visited: Set<String>
    ) -> Bool {
        switch type {
        case .named(let other):
            if other == name { return true }
            guard !visited.contains(other), case .alias(let alias) = declarations[other] else { return false }
            return mentions(alias.type, name, declarations: declarations, visited: visited.union([other]))
        case .array(let element), .dictionary(let element), .nullable(let element):
            return mentions(element, name, declarations: declarations, visited: visited)
        default:
            return false
        }
    }

    private static func qualify(_ name: String, _ parent: String) -> String {
        parent.isEmpty ? name : parent + "." + name
    }

    private static func nested(_ declaration: Declaration) -> [Declaration] {
        switch declaration {
        case .structure(let structure): return structure.nested
        case .wrapper(let wrapper): return wrapper.nested
        case .choice(let choice): return choice.nested
        default: return []
        }
    }

    private static func collect(_ declaration: Declaration, parent: String, into map: inout [String: Declaration]) {
        let name = qualify(declaration.name, parent)
        map[name] = declaration
        for child in nested(declaration) { collect(child, parent: name, into: &map) }
    }

    private static func rewrite(
        _ declaration: Declaration, parent: String, _ transform: (String, Declaration) -> Declaration
    ) -> Declaration {
        let name = qualify(declaration.name, parent)
        let children = nested(declaration).map { rewrite($0, parent: name, transform) }
        var result = transform(name, declaration)
        switch result {
        case .structure(var structure):
            structure.nested = children
            result = .structure(structure)
        case .wrapper(var wrapper):
            wrapper.nested = children
            result = .wrapper(wrapper)
        case .choice(var choice):
            choice.nested = children
            result = .choice(choice)
        default: break
        }
        return result
    }
}
