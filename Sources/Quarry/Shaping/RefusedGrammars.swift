import Foundation
import QuarrySchema

/// The compiled grammars a server refused (HTTP 400 naming the grammar), remembered by one
/// ``Quarry`` runtime so that its later extractions send the schema at once instead of paying
/// the refusal again: a batch of a thousand cases against an older llama.cpp makes one refused
/// request, not a thousand.
///
/// Keyed by the provider's name and model and the grammar's text, so another schema's grammar
/// is still tried (the server may take it). Copies of a runtime share what it has learnt; a new
/// runtime starts with nothing refused.
final class RefusedGrammars: @unchecked Sendable {
    private let lock = NSLock()
    private var keys: Set<String> = []

    /// Whether `provider`'s server refused `grammar` before.
    func contains(_ grammar: String, from provider: any Provider) -> Bool {
        let key = Self.key(grammar, provider)
        lock.lock()
        defer { lock.unlock() }
        return keys.contains(key)
    }

    /// Remembers that `provider`'s server refused `grammar`.
    func insert(_ grammar: String, from provider: any Provider) {
        let key = Self.key(grammar, provider)
        lock.lock()
        defer { lock.unlock() }
        keys.insert(key)
    }

    private static func key(_ grammar: String, _ provider: any Provider) -> String {
        provider.name + "\u{0}" + provider.model + "\u{0}" + SHA256.hexDigest(grammar)
    }
}
