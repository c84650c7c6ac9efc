/// `type`: the instance's JSON type is one of the listed types (`integer` accepts any whole
/// number, `1.0` included).
final class TypeKeyword: Keyword {
    struct TypeSet: OptionSet, Sendable {
        let rawValue: UInt8
        static let null = TypeSet(rawValue: 1)
        static let boolean = TypeSet(rawValue: 2)
        static let integer = TypeSet(rawValue: 4)
        static let number = TypeSet(rawValue: 8)
        static let string = TypeSet(rawValue: 16)
        static let array = TypeSet(rawValue: 32)
        static let object = TypeSet(rawValue: 64)
    }

    let allowed: TypeSet
    let names: [String]
    let location: KeywordLocation

    init(_ scope: KeywordScope) throws(SchemaError) {
        var names: [String] = []
        switch scope.object["type"] {
        case .string(let name)?: names = [name]
        case .array(let elements)?:
            for element in elements {
                guard let name = element.stringValue else {
                    throw scope.invalid("type", "'type' must be a type name or an array of type names")
                }
                names.append(name)
            }
        default: throw scope.invalid("type", "'type' must be a type name or an array of type names")
        }
        var allowed: TypeSet = []
        for name in names {
            switch name {
            case "null": allowed.insert(.null)
            case "boolean": allowed.insert(.boolean)
            case "integer": allowed.insert(.integer)
            case "number": allowed.insert(.number)
            case "string": allowed.insert(.string)
            case "array": allowed.insert(.array)
            case "object": allowed.insert(.object)
            default:
                throw scope.invalid(
                    "type", "unknown type '\(name)'; expected null, boolean, integer, number, string, array or object")
            }
        }
        self.allowed = allowed
        self.names = names
        location = scope.node.location(of: "type")
    }

    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool {
        let matches: Bool
        switch instance {
        case .null: matches = allowed.contains(.null)
        case .bool: matches = allowed.contains(.boolean)
        case .number(let number):
            matches = allowed.contains(.number) || (allowed.contains(.integer) && number.isInteger)
        case .string: matches = allowed.contains(.string)
        case .array: matches = allowed.contains(.array)
        case .object: matches = allowed.contains(.object)
        }
        if !matches {
            let expected =
                names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
            context.fail(location, "\(instance.briefDescription) is not of type \(expected)")
        }
        return matches
    }
}
