extension HTTPResponse {
    /// Hands the body to `receive` one server-sent event at a time (each piece ends after a
    /// blank line; a body without one is one piece), stopping when `receive` returns `false`,
    /// and returns the response with the body handed over. How a transport that holds a whole
    /// response — scripted, replayed — plays it as a stream.
    public func delivered(to receive: (ArraySlice<UInt8>) -> Bool) -> HTTPResponse {
        var start = 0
        while start < body.count {
            let end = Self.eventEnd(in: body, from: start) ?? body.count
            if !receive(body[start..<end]) {
                var copy = self
                copy.body = Array(body[0..<end])
                return copy
            }
            start = end
        }
        return self
    }

    /// The offset just past the blank line (`\n\n` or `\n\r\n`) that ends the event starting
    /// at `start`, or `nil` when no blank line follows (an incomplete last event).
    static func eventEnd(in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == 0x0A {
                if bytes[index + 1] == 0x0A { return index + 2 }
                if bytes[index + 1] == 0x0D, index + 2 < bytes.count, bytes[index + 2] == 0x0A { return index + 3 }
            }
            index += 1
        }
        return nil
    }
}
