/// Splits a `text/event-stream` body into its events' data, incrementally, as bytes arrive.
///
/// Only what a chat-completions stream uses: `data:` lines (joined with newlines when an event
/// has several), events ended by a blank line, comments (`:`) and other fields ignored.
struct ServerSentEventParser {
    private var line: [UInt8] = []
    private var data: [String] = []
    private var sawCarriageReturn = false

    /// Feeds bytes; returns the data of every event they complete, in order.
    mutating func feed(_ bytes: ArraySlice<UInt8>) -> [String] {
        var events: [String] = []
        for byte in bytes {
            if byte == 0x0A && sawCarriageReturn {
                sawCarriageReturn = false
                continue
            }
            sawCarriageReturn = byte == 0x0D
            guard byte == 0x0A || byte == 0x0D else {
                line.append(byte)
                continue
            }
            if line.isEmpty {
                if !data.isEmpty { events.append(data.joined(separator: "\n")) }
                data.removeAll(keepingCapacity: true)
            } else {
                take(line)
                line.removeAll(keepingCapacity: true)
            }
        }
        return events
    }

    /// The data of an event the stream ended without a blank line after.
    mutating func finish() -> String? {
        if !line.isEmpty {
            take(line)
            line.removeAll()
        }
        defer { data.removeAll() }
        return data.isEmpty ? nil : data.joined(separator: "\n")
    }

    private mutating func take(_ line: [UInt8]) {
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("data:") else { return }
        var value = text.dropFirst(5)
        if value.first == " " { value = value.dropFirst() }
        data.append(String(value))
    }
}
