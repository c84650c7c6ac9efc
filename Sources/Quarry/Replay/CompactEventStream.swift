import QuarrySchema

/// How a cassette stores a streamed (server-sent events) response body without one JSON
/// envelope per token: the fields every event has (`id`, `model`, ...) are kept once, with the
/// first event's value (`created`, which ticks with the clock, is kept only once), an event that only carries a piece of content is kept as that text, any other event
/// as its own fields, `[DONE]` as `null`, and bytes after the last complete event (a stream
/// Quarry stopped mid-event) as text. Expanding gives back the same events, which is all a
/// replay needs (the bytes may differ in key order and spacing).
enum CompactEventStream {
    /// The compact form, or `nil` when the body is not a stream of JSON `data:` events.
    static func compact(_ bytes: [UInt8]) -> JSONValue? {
        guard bytes.starts(with: Array("data:".utf8)) else { return nil }
        // Complete events end with a blank line; what follows the last one is the tail.
        var end = 0
        while let next = HTTPResponse.eventEnd(in: bytes, from: end) { end = next }
        var parser = ServerSentEventParser()
        var objects: [JSONValue?] = []
        for data in parser.feed(bytes[0..<end]) {
            if data == "[DONE]" {
                objects.append(nil)
                continue
            }
            guard let value = try? JSONValue(parsing: data), value.objectValue != nil else { return nil }
            objects.append(value)
        }
        // Fields every JSON event has but its payload (`choices`), with the first event's value.
        let all = objects.compactMap { $0?.objectValue }
        var common = JSONObject()
        for (key, value) in all.first ?? JSONObject() where key != "choices" && all.allSatisfy({ $0[key] != nil }) {
            common[key] = value
        }
        let events: [JSONValue] = objects.map { value in
            guard let object = value?.objectValue else { return .null }
            var own = JSONObject()
            for (key, value) in object where key != "created" && common[key] != value { own[key] = value }
            if let text = contentOnly(own) { return .string(text) }
            return .object(own)
        }
        var result: JSONObject = ["common": .object(common), "events": .array(events)]
        if end < bytes.count {
            result["tail"] = .string(String(decoding: bytes[end...], as: UTF8.self))
        }
        return .object(result)
    }

    /// The body bytes of a compact form.
    static func expand(_ value: JSONValue) -> [UInt8] {
        let common = value["common"]?.objectValue ?? JSONObject()
        var text = ""
        for event in value["events"]?.arrayValue ?? [] {
            var object = common
            switch event {
            case .null:
                text += "data: [DONE]\n\n"
                continue
            case .string(let content):
                for (key, value) in contentTemplate(content) { object[key] = value }
            case .object(let own):
                for (key, value) in own { object[key] = value }
            default:
                continue
            }
            text += "data: \(JSONValue.object(object).serialized())\n\n"
        }
        text += value["tail"]?.stringValue ?? ""
        return Array(text.utf8)
    }

    /// The fields of an event carrying only `content` (as Chat Completions servers send it).
    private static func contentTemplate(_ content: String) -> JSONObject {
        ["choices": [["finish_reason": .null, "index": 0, "delta": ["content": .string(content)]]]]
    }

    /// The content of an event that carries nothing else (a missing `finish_reason` counts
    /// as `null`, which is what expanding writes).
    private static func contentOnly(_ own: JSONObject) -> String? {
        guard own.count == 1, let choices = own["choices"]?.arrayValue, choices.count == 1,
            var choice = choices[0].objectValue, let content = choice["delta"]?["content"]?.stringValue
        else { return nil }
        if choice["finish_reason"] == nil { choice["finish_reason"] = .null }
        guard choice == contentTemplate(content)["choices"]?.arrayValue?.first?.objectValue else { return nil }
        return content
    }
}
