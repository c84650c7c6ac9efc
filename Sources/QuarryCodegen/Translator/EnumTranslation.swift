import QuarrySchema

extension SchemaTranslator {
    /// `enum`/`const`: a Swift enum with raw values when every value is a string or every value
    /// an integer (`null` among them makes it nullable); otherwise a value-set type.
    mutating func enumShape(
        _ values: [JSONValue], keywords: JSONObject, at pointer: JSONPointer, suggestedName: String,
        in scope: inout NestingScope, declaredName: String?
    ) -> Shape {
        var unique: [JSONValue] = []
        for value in values where !unique.contains(value) { unique.append(value) }
        let isNullable = unique.contains(.null)
        let nonNull = unique.filter { !$0.isNull }
        guard !nonNull.isEmpty else { return .json }
        let documentation = documentation(of: .object(keywords), at: pointer)
        let name = declaredName ?? scope.allocateTypeName(from: suggestedName)
        var caseNames: Set<String> = ["allCases", "rawValue", "init", "hashValue"]
        if nonNull.allSatisfy({ $0.stringValue != nil }) {
            let cases = nonNull.compactMap(\.stringValue).map { value in
                RawEnumDeclaration.Case(
                    name: SafeNameGenerator.unique(SafeNameGenerator.memberName(value), in: &caseNames),
                    literal: SwiftLiteral.string(value))
            }
            scope.declarations.append(
                .rawEnum(RawEnumDeclaration(name: name, documentation: documentation, rawType: .string, cases: cases)))
            return Shape(type: .named(scope.qualify(name)), isNullable: isNullable)
        }
        let integers = nonNull.compactMap { $0.numberValue?.intValue }
        if integers.count == nonNull.count, Set(integers).count == integers.count {
            let cases = integers.map { value in
                RawEnumDeclaration.Case(
                    name: SafeNameGenerator.unique(value < 0 ? "minus\(-value)" : "value\(value)", in: &caseNames),
                    literal: String(value))
            }
            scope.declarations.append(
                .rawEnum(RawEnumDeclaration(name: name, documentation: documentation, rawType: .integer, cases: cases)))
            return Shape(type: .named(scope.qualify(name)), isNullable: isNullable)
        }
        scope.declarations.append(
            .valueSet(
                ValueSetDeclaration(
                    name: name, documentation: documentation, allowedValuesJSON: JSONValue.array(unique).serialized())))
        return Shape(type: .named(scope.qualify(name)), isNullable: false)
    }
}
