import Foundation

/// Decodes an HTTP/1.1 `Transfer-Encoding: chunked` body incrementally, as its bytes arrive.
struct ChunkedBodyDecoder {
    private enum State {
        /// Reading a chunk-size line.
        case size
        /// Inside a chunk's data, with this many bytes left.
        case data(Int)
        /// Expecting the CRLF after a chunk's data.
        case dataEnd
        /// Past the last (zero-size) chunk.
        case done
    }

    private var state = State.size
    private var pending: [UInt8] = []
    private var position = 0
    /// Whether the body is malformed (a size line that is not hexadecimal).
    private(set) var isMalformed = false

    /// Whether the last chunk has been read.
    var isComplete: Bool {
        if case .done = state { return true }
        return false
    }

    /// Feeds received bytes; returns the body bytes they complete.
    mutating func feed(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        pending.append(contentsOf: bytes)
        var output: [UInt8] = []
        loop: while !isMalformed {
            switch state {
            case .done:
                break loop
            case .size:
                guard let lineEnd = lineEnd(from: position) else { break loop }
                let line = String(decoding: pending[position..<lineEnd], as: UTF8.self)
                let sizeText = line.split(separator: ";").first.map(String.init) ?? ""
                guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0 else {
                    isMalformed = true
                    break loop
                }
                position = lineEnd + 2
                state = size == 0 ? .done : .data(size)
            case .data(let left):
                let available = min(left, pending.count - position)
                guard available > 0 else { break loop }
                output.append(contentsOf: pending[position..<(position + available)])
                position += available
                state = left == available ? .dataEnd : .data(left - available)
            case .dataEnd:
                guard pending.count - position >= 2 else { break loop }
                position += 2
                state = .size
            }
        }
        if position > 4_096 {
            pending.removeFirst(position)
            position = 0
        }
        return output
    }

    private func lineEnd(from start: Int) -> Int? {
        var index = start
        while index + 1 < pending.count {
            if pending[index] == 13 && pending[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }
}
