/// Heap storage for a property whose type contains itself (a recursive schema), so the
/// generated struct has a finite size. Generated code keeps it private behind a plain property.
public struct Indirect<Value: Sendable>: Sendable {
    private final class Box: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    private let box: Box

    /// Stores `value` on the heap.
    public init(_ value: Value) { box = Box(value) }

    /// The stored value.
    public var value: Value { box.value }
}

extension Indirect: Equatable where Value: Equatable {
    /// Compares the stored values.
    public static func == (lhs: Indirect, rhs: Indirect) -> Bool { lhs.value == rhs.value }
}

extension Indirect: Hashable where Value: Hashable {
    /// Hashes the stored value.
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
