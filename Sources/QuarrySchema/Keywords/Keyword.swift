/// One compiled keyword of a schema.
///
/// Keywords are final classes: a class-bound existential is one pointer, so iterating a
/// node's keywords copies no boxes.
///
/// Each conforming type lives in its own file named after its keyword. A keyword validates an
/// instance, records its errors in the context, and marks the properties or items it evaluated
/// when annotations are tracked.
protocol Keyword: AnyObject, Sendable {
    /// Validates `instance`; returns whether it passes.
    func validate(_ instance: JSONValue, _ context: inout ValidationContext, _ evaluated: inout Evaluated) -> Bool
}
