import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small HTTP/1.1 client over blocking POSIX sockets, for plain `http://` servers such as the
/// local llama.cpp model on loopback.
///
/// Why it exists: on Linux, `URLSession` (FoundationNetworking) polls in a tight loop while it
/// waits for a response, burning most of a core — on a two-core machine that halves the speed
/// of a local model generating the reply. This transport blocks in `read(2)` instead. It sends
/// `Connection: close`, reads `Content-Length`, chunked or until-close bodies, and closes the
/// socket when the task is cancelled (which is how the extraction deadline stops it).
/// `https://` URLs are not supported; use ``URLSessionTransport`` for those.
public struct SocketHTTPTransport: HTTPTransport {
    /// The idle timeout of one read or write, in seconds.
    public var idleTimeout: Double

    /// Creates a transport.
    public init(idleTimeout: Double = 600) {
        self.idleTimeout = idleTimeout
    }

    /// Sends the request on a dedicated thread and waits without polling.
    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        try await exchange(request, receive: nil)
    }

    /// Sends the request and hands the body to `receive` as it arrives; when `receive` returns
    /// `false` the socket is closed at once, which a streaming server (llama.cpp's) takes as
    /// the signal to stop generating.
    public func send(_ request: HTTPRequest, receivingBody receive: @escaping @Sendable (ArraySlice<UInt8>) -> Bool)
        async throws(TransportError) -> HTTPResponse
    {
        try await exchange(request, receive: receive)
    }

    private func exchange(_ request: HTTPRequest, receive: (@Sendable (ArraySlice<UInt8>) -> Bool)?)
        async throws(TransportError) -> HTTPResponse
    {
        let connection = SocketConnection()
        let timeout = idleTimeout
        let result: Result<HTTPResponse, TransportError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let thread = Thread {
                    continuation.resume(
                        returning: connection.exchange(request, idleTimeout: timeout, receive: receive))
                }
                thread.stackSize = 1 << 20
                thread.start()
            }
        } onCancel: {
            connection.cancel()
        }
        return try result.get()
    }
}

/// One request–response exchange on one socket; cancellable from another thread.
final class SocketConnection: @unchecked Sendable {
    private let lock = NSLock()
    private var descriptor: Int32 = -1
    private var isCancelled = false

    func cancel() {
        lock.withLock {
            isCancelled = true
            if descriptor >= 0 { shutdown(descriptor, Int32(SHUT_RDWR)) }
        }
    }

    private var cancelled: Bool { lock.withLock { isCancelled } }

    func exchange(
        _ request: HTTPRequest, idleTimeout: Double, receive: ((ArraySlice<UInt8>) -> Bool)? = nil
    ) -> Result<HTTPResponse, TransportError> {
        guard let target = HTTPTarget(request.url) else { return .failure(.other("only http:// URLs are supported")) }
        let opened = open(target, idleTimeout: idleTimeout)
        guard case .success(let socket) = opened else {
            if case .failure(let error) = opened { return .failure(error) }
            return .failure(.other("could not open a socket"))
        }
        defer {
            lock.withLock {
                close(socket)
                descriptor = -1
            }
        }
        var head =
            "\(request.method) \(target.pathAndQuery) HTTP/1.1\r\nHost: \(target.hostHeader)\r\nConnection: close\r\n"
        head += "Content-Length: \(request.body.count)\r\n"
        for (name, value) in request.headers
        where !["host", "connection", "content-length"].contains(name.lowercased()) {
            head += "\(name): \(value)\r\n"
        }
        head += "\r\n"
        if let error = writeAll(socket, Array(head.utf8) + request.body) { return .failure(error) }
        return readResponse(socket, receive: receive)
    }

    private func open(_ target: HTTPTarget, idleTimeout: Double) -> Result<Int32, TransportError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(target.host, String(target.port), &hints, &list) == 0, let first = list else {
            return .failure(.unreachable("cannot resolve \(target.host)"))
        }
        defer { freeaddrinfo(list) }
        var refused = false
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let socket = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard socket >= 0 else { continue }
            var timeout = timeval(tv_sec: Int(idleTimeout), tv_usec: 0)
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var noSignal: Int32 = 1
            #if canImport(Darwin)
                setsockopt(socket, SOL_SOCKET, SO_NOSIGPIPE, &noSignal, socklen_t(MemoryLayout<Int32>.size))
            #else
                _ = noSignal
            #endif
            let registered: Bool = lock.withLock {
                guard !isCancelled else { return false }
                descriptor = socket
                return true
            }
            guard registered else {
                close(socket)
                return .failure(.cancelled)
            }
            if connect(socket, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return .success(socket) }
            refused = refused || errno == ECONNREFUSED
            lock.withLock {
                close(socket)
                descriptor = -1
            }
        }
        if cancelled { return .failure(.cancelled) }
        return .failure(refused ? .connectionRefused : .unreachable("cannot connect to \(target.host):\(target.port)"))
    }

    private func writeAll(_ socket: Int32, _ bytes: [UInt8]) -> TransportError? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                #if canImport(Glibc)
                    send(socket, raw.baseAddress.map { $0 + offset }, bytes.count - offset, Int32(MSG_NOSIGNAL))
                #else
                    send(socket, raw.baseAddress.map { $0 + offset }, bytes.count - offset, 0)
                #endif
            }
            if written <= 0 { return failure(forErrno: errno) }
            offset += written
        }
        return nil
    }

    private func failure(forErrno code: Int32) -> TransportError {
        if cancelled { return .cancelled }
        if code == EAGAIN || code == EWOULDBLOCK { return .timedOut }
        return .connectionLost
    }

    /// Reads the response (the server closes after it: `Connection: close`), handing body
    /// bytes to `receive` as they arrive when it is given; stops early when it returns `false`.
    private func readResponse(_ socket: Int32, receive: ((ArraySlice<UInt8>) -> Bool)?) -> Result<
        HTTPResponse, TransportError
    > {
        var head: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var parsedHead: (status: Int, headers: [String: String])?
        var expectedLength: Int?
        var dechunker: ChunkedBodyDecoder?
        var body: [UInt8] = []
        var stopped = false

        /// Adds received body bytes (after transfer decoding); `false` once `receive` says stop.
        func take(_ bytes: ArraySlice<UInt8>) -> Bool {
            let decoded = dechunker?.feed(bytes)[...] ?? bytes
            guard !decoded.isEmpty else { return true }
            body.append(contentsOf: decoded)
            if let receive, !receive(decoded) { return false }
            return true
        }

        while true {
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count < 0 { return .failure(failure(forErrno: errno)) }
            if count == 0 { break }
            if parsedHead == nil {
                head.append(contentsOf: chunk[0..<count])
                guard let end = Self.headerEnd(in: head) else { continue }
                guard let parsed = Self.parseHead(Array(head[0..<end])) else {
                    return .failure(.other("malformed HTTP response head"))
                }
                parsedHead = parsed
                expectedLength = parsed.1["content-length"].flatMap {
                    Int($0.trimmingCharacters(in: .whitespaces))
                }
                if parsed.1["transfer-encoding"]?.lowercased().contains("chunked") ?? false {
                    dechunker = ChunkedBodyDecoder()
                }
                if !take(head[end...]) {
                    stopped = true
                    break
                }
            } else if !take(chunk[0..<count]) {
                stopped = true
                break
            }
            if let dechunker {
                if dechunker.isComplete || dechunker.isMalformed { break }
            } else if let expectedLength, body.count >= expectedLength {
                break
            }
        }
        if cancelled { return .failure(.cancelled) }
        guard let (status, headers) = parsedHead else { return .failure(.connectionLost) }
        if !stopped {
            if let dechunker, dechunker.isMalformed { return .failure(.other("malformed chunked body")) }
            if let dechunker, !dechunker.isComplete { return .failure(.connectionLost) }
            if let expectedLength {
                guard body.count >= expectedLength else { return .failure(.connectionLost) }
                if body.count > expectedLength { body.removeLast(body.count - expectedLength) }
            }
        }
        return .success(HTTPResponse(status: status, headers: headers, body: body))
    }

    /// The offset just past `\r\n\r\n`.
    static func headerEnd(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    /// The status and lower-cased headers of a response head.
    static func parseHead(_ bytes: [UInt8]) -> (Int, [String: String])? {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: true)
        guard let statusLine = lines.first else { return nil }
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { $0 + ", " + value } ?? value
        }
        return (status, headers)
    }
}

/// The parts of an `http://` URL the socket transport needs.
struct HTTPTarget {
    let host: String
    let port: Int
    let pathAndQuery: String

    init?(_ url: String) {
        guard url.hasPrefix("http://") else { return nil }
        let rest = url.dropFirst("http://".count)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        pathAndQuery = slash == rest.endIndex ? "/" : String(rest[slash...])
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            port = after.hasPrefix(":") ? Int(after.dropFirst()) ?? 80 : 80
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            guard let parsed = Int(authority[authority.index(after: colon)...]) else { return nil }
            port = parsed
        } else {
            host = String(authority)
            port = 80
        }
        guard !host.isEmpty else { return nil }
    }

    var hostHeader: String { port == 80 ? host : "\(host):\(port)" }
}

/// The transport to use for a base URL: sockets for plain `http://`, `URLSession` otherwise.
public enum DefaultTransport {
    /// ``SocketHTTPTransport`` for `http://` base URLs, ``URLSessionTransport`` for the rest.
    public static func forBaseURL(_ baseURL: String) -> any HTTPTransport {
        baseURL.hasPrefix("http://") ? SocketHTTPTransport() : URLSessionTransport()
    }
}
