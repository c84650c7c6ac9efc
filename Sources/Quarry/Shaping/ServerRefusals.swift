import Foundation
import QuarrySchema

/// What a runtime's servers refused, remembered by one ``Quarry`` runtime so that its later
/// extractions do not pay the refusal again: a batch of a thousand cases against an older
/// llama.cpp makes one refused request, not a thousand.
///
/// - Compiled grammars (HTTP 400 naming the grammar), keyed by the provider's name and model
///   and the grammar's text, so another schema's grammar is still tried (the server may take
///   it); the schema is sent instead.
/// - Continuations (``CutOffContinuation``) refused for another reason than their grammar or
///   the conversation's length (a chat template that cannot take an answer begun for the
///   model), keyed by the provider's name and model: later loop-stopped replies get the
///   correction at once.
///
/// Copies of a runtime share what it has learnt; a new runtime starts with nothing refused.
final class ServerRefusals: @unchecked Sendable {
    private let lock = NSLock()
    private var keys: Set<String> = []

    /// Whether `provider`'s server refused `grammar` before.
    func refusedGrammar(_ grammar: String, from provider: any Provider) -> Bool {
        contains(Self.key(provider, "grammar", SHA256.hexDigest(grammar)))
    }

    /// Remembers that `provider`'s server refused `grammar`.
    func recordRefusal(ofGrammar grammar: String, from provider: any Provider) {
        insert(Self.key(provider, "grammar", SHA256.hexDigest(grammar)))
    }

    /// Whether `provider`'s server refused a continuation before (for a reason other than its
    /// grammar).
    func refusedContinuations(from provider: any Provider) -> Bool {
        contains(Self.key(provider, "continuation"))
    }

    /// Remembers that `provider`'s server refuses continuations.
    func recordRefusalOfContinuations(from provider: any Provider) {
        insert(Self.key(provider, "continuation"))
    }

    private func contains(_ key: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return keys.contains(key)
    }

    private func insert(_ key: String) {
        lock.lock()
        defer { lock.unlock() }
        keys.insert(key)
    }

    private static func key(_ provider: any Provider, _ parts: String...) -> String {
        ([provider.name, provider.model] + parts).joined(separator: "\u{0}")
    }
}
