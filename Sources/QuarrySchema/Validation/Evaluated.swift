/// Which properties and items of one instance were evaluated by successful subschemas: the
/// annotations that `unevaluatedProperties` and `unevaluatedItems` read.
///
/// Only tracked when the compiled schema uses one of those keywords; otherwise it stays empty
/// and costs nothing.
struct Evaluated {
    /// Positions (in the instance object's key order) of evaluated properties.
    var properties: [Bool] = []
    /// Whether every property was evaluated.
    var allProperties = false
    /// Evaluated array items by index.
    var items: [Bool] = []
    /// Whether every item was evaluated.
    var allItems = false

    @inline(__always)
    mutating func markProperty(_ position: Int, of count: Int) {
        if properties.isEmpty { properties = Array(repeating: false, count: count) }
        properties[position] = true
    }

    @inline(__always)
    mutating func markItem(_ index: Int, of count: Int) {
        if items.isEmpty { items = Array(repeating: false, count: count) }
        items[index] = true
    }

    func isPropertyEvaluated(_ position: Int) -> Bool {
        allProperties || (position < properties.count && properties[position])
    }

    func isItemEvaluated(_ index: Int) -> Bool {
        allItems || (index < items.count && items[index])
    }

    /// Adds another successful subschema's annotations.
    mutating func merge(_ other: Evaluated) {
        allProperties = allProperties || other.allProperties
        allItems = allItems || other.allItems
        if !other.properties.isEmpty {
            if properties.isEmpty {
                properties = other.properties
            } else {
                for position in other.properties.indices where other.properties[position] {
                    properties[position] = true
                }
            }
        }
        if !other.items.isEmpty {
            if items.isEmpty {
                items = other.items
            } else {
                for index in other.items.indices where other.items[index] { items[index] = true }
            }
        }
    }
}
