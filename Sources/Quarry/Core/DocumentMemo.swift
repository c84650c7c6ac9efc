import Foundation
import QuarrySchema

/// Where a JSON object's members are stored: the object's identity while it is alive.
///
/// Two values with the same identity are the same object — same keys, same values — because
/// storage that is alive cannot be reused for another value, and storage that is shared cannot
/// change (a `JSONValue` that is mutated gets storage of its own). Computing it costs two
/// pointer reads, so it can key caches of work derived from large documents such as schemas.
/// Only objects have one; other values are cheap to work with directly.
struct DocumentIdentity: Hashable, Sendable {
    private let keys: UInt
    private let values: UInt

    /// The identity of `value`, or `nil` when it is not an object.
    init?(_ value: JSONValue) {
        guard case .object(let object) = value else { return nil }
        keys = object.keys.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        values = object.values.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    }
}

/// Values derived from JSON documents (a schema's text, its rewrite for a provider), computed
/// once per document and variant and then looked up by ``DocumentIdentity``.
///
/// Each entry keeps its document alive, which is what makes the identity safe to key by: a
/// compiled `Schema` hands out the same document every time, so its lookups all hit, and a
/// document built afresh for each call merely misses. Documents are few in practice; past
/// `capacity` entries the memo starts over.
final class DocumentMemo<Variant: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private struct Key: Hashable {
        let identity: DocumentIdentity
        let variant: Variant
    }

    private struct Entry {
        /// Kept so that the identity stays this document's.
        let document: JSONValue
        let value: Value
    }

    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private let capacity: Int

    /// Creates an empty memo that keeps at most `capacity` entries.
    init(capacity: Int = 64) {
        self.capacity = capacity
    }

    /// The value for `document` and `variant`, computed by `compute` the first time (and every
    /// time for a document that is not an object).
    func value(for document: JSONValue, variant: Variant, compute: (JSONValue) -> Value) -> Value {
        guard let identity = DocumentIdentity(document) else { return compute(document) }
        let key = Key(identity: identity, variant: variant)
        if let entry = lock.withLock({ entries[key] }) { return entry.value }
        let value = compute(document)
        lock.withLock {
            if entries.count >= capacity { entries.removeAll() }
            entries[key] = Entry(document: document, value: value)
        }
        return value
    }
}
