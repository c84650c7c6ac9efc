/// Whether constrained requests carry a GBNF grammar Quarry compiles from the sent schema
/// (``ExtractionRequest/grammar``) instead of leaving the schema's conversion to the server.
///
/// llama.cpp's server turns a schema into a grammar that lets the model write any whitespace
/// and any number. The grammar Quarry compiles allows compact JSON only (no indentation to pay
/// for), as many decimal places as a `multipleOf` of 0.1, 0.01, … allows, no minus sign where
/// `minimum` is 0, and bounded dates, times, UUIDs and e-mail addresses; the system prompt then
/// describes only the constraints it leaves open. A schema it cannot translate exactly is sent
/// as before. Only providers that take a `grammar` field (``Provider/acceptsGrammar``) get one;
/// a server that refuses it (HTTP 400 naming the grammar) gets the schema from the next request
/// on, and the attempt's ``Attempt/requestAdjustments`` say so.
public enum GrammarCompilation: Sendable, Hashable {
    /// For the `local` provider — the llama.cpp server `quarry` starts — and no other (the
    /// default): an arbitrary `openai-compatible` server may not take a `grammar` field.
    case automatic
    /// For every provider that takes a `grammar` field. A compatible server without one
    /// ignores it and decodes unconstrained, so turn this on only for llama.cpp's server.
    case on
    /// Never: the server converts the schema itself.
    case off

    /// Whether requests to the provider named `name` carry a compiled grammar.
    func isOn(forProvider name: String) -> Bool {
        switch self {
        case .automatic: return name == "local"
        case .on: return true
        case .off: return false
        }
    }
}
