/// A small parser for `--flag`, `--option value`/`--option=value` and positional arguments.
struct CommandLineArguments {
    var positional: [String] = []
    var options: [String: [String]] = [:]
    var flags: Set<String> = []

    /// Why arguments could not be parsed.
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    /// Parses `arguments`; `valued` names the options that take a value.
    init(_ arguments: [String], flags knownFlags: Set<String>, valued: Set<String>) throws(Problem) {
        var iterator = arguments.makeIterator()
        var onlyPositional = false
        while let argument = iterator.next() {
            if onlyPositional || !argument.hasPrefix("-") || argument == "-" {
                positional.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositional = true
                continue
            }
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            if knownFlags.contains(name) {
                guard value == nil else { throw Problem(description: "'\(name)' takes no value") }
                flags.insert(name)
            } else if valued.contains(name) {
                guard let given = value ?? iterator.next() else {
                    throw Problem(description: "'\(name)' needs a value")
                }
                options[name, default: []].append(given)
            } else {
                throw Problem(description: "unknown option '\(name)'")
            }
        }
    }

    /// The last value given for `name`.
    func value(_ name: String) -> String? { options[name]?.last }
}
