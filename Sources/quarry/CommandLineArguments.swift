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

    /// What the last value given for `name` stands for among `choices` (value, meaning), or
    /// `nil` when the option is absent; a value not among them is a ``Problem`` that lists the
    /// allowed ones: "--loop-stop must be 'auto', 'on' or 'off', not 'maybe'".
    func choice<Meaning>(_ name: String, among choices: KeyValuePairs<String, Meaning>) throws(Problem) -> Meaning? {
        guard let given = value(name) else { return nil }
        if let match = choices.first(where: { $0.key == given }) { return match.value }
        let allowed = choices.map { "'\($0.key)'" }
        var list = allowed.joined(separator: ", ")
        if let last = allowed.last, allowed.count > 1 {
            list = allowed.dropLast().joined(separator: ", ") + " or " + last
        }
        throw Problem(description: "\(name) must be \(list), not '\(given)'")
    }
}
