/// How the elements of an expected array are paired with the elements of the reply's array
/// before they are scored element by element.
public enum ArrayMatching: Sendable, Hashable {
    /// Pairs by the best assignment: the pairing that gets the most fields right overall
    /// (Hungarian algorithm), so order does not matter. Elements with nothing in common stay
    /// unpaired: the expected one counts as omitted, the reply's as invented. The default.
    case assignment
    /// Pairs elements whose `key` field is equal (after standard normalisation), as sets;
    /// elements without a partner are omitted or invented. `"x-eval": {"key": "sku"}`.
    case key(String)
    /// Pairs elements by position. `"x-eval": {"match": "ordered"}`.
    case ordered

    /// A short name for reports.
    public var name: String {
        switch self {
        case .assignment: return "assignment"
        case .key(let key): return "key \(key)"
        case .ordered: return "ordered"
        }
    }
}
