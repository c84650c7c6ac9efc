import Foundation

/// Values computed once per key and then looked up: for per-extraction work whose inputs are
/// the same on every extraction of a runtime (its policy, its shaping settings). Keys are few
/// in practice; past `capacity` entries the memo starts over.
final class KeyedMemo<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [Key: Value] = [:]
    private let capacity: Int

    /// Creates an empty memo that keeps at most `capacity` entries.
    init(capacity: Int = 64) {
        self.capacity = capacity
    }

    /// The value for `key`, computed by `compute` the first time.
    func value(for key: Key, compute: () -> Value) -> Value {
        if let value = lock.withLock({ entries[key] }) { return value }
        let value = compute()
        lock.withLock {
            if entries.count >= capacity { entries.removeAll() }
            entries[key] = value
        }
        return value
    }
}
