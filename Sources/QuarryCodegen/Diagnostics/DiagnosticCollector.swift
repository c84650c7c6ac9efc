import QuarrySchema

/// Collects the diagnostics of one generator run, locating each pointer in the file's text.
struct DiagnosticCollector {
    let file: String
    let text: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String, text: String) {
        self.file = file
        self.text = text
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    mutating func emit(_ severity: Diagnostic.Severity, _ message: String, at pointer: JSONPointer? = nil) {
        let location = pointer.flatMap { JSONSourceLocator.location(of: $0, in: text) }
        let diagnostic = Diagnostic(severity, message, file: file, location: location, pointer: pointer)
        if !diagnostics.contains(diagnostic) { diagnostics.append(diagnostic) }
    }

    mutating func append(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }
}
