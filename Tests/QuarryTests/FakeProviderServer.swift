import Foundation

#if canImport(Glibc)
    import Glibc
#endif
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Runs `scripts/fake-provider` (a loopback server that speaks the providers' wire formats and
/// plays a fault script) for one test: `python3 scripts/fake-provider --port 0`, the port read
/// from its first stdout line.
final class FakeProviderServer: @unchecked Sendable {
    enum Failure: Error, CustomStringConvertible {
        case noPython
        case startFailed(String)
        case control(String)

        var description: String {
            switch self {
            case .noPython: return "python3 is not on PATH"
            case .startFailed(let detail): return "scripts/fake-provider did not start: \(detail)"
            case .control(let detail): return "fake-provider control request failed: \(detail)"
            }
        }
    }

    /// `python3` on `PATH`, or `nil`.
    static let python3: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("python3")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    /// Whether the server can be started here.
    static var isAvailable: Bool { python3 != nil && FileManager.default.fileExists(atPath: scriptPath.path) }

    /// `scripts/fake-provider`, found from this file's location (`Tests/QuarryTests/`).
    static let scriptPath: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // QuarryTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("scripts/fake-provider")

    /// At most this many servers run at once (each test case starts its own); the rest wait.
    /// Keeps a parallel test run from starting dozens of Python processes on a 2-core machine.
    static let slots = Slots(6)

    /// Starts a server playing `script`, runs `body` with it, and stops it (and frees its slot),
    /// whatever happens.
    static func with<Result>(
        script: [[String: Any]], _ body: (FakeProviderServer) async throws -> Result
    ) async throws -> Result {
        await slots.acquire()
        let server: FakeProviderServer
        do {
            server = try await start(script: script)
        } catch {
            await slots.release()
            throw error
        }
        do {
            let result = try await body(server)
            server.stop()
            await slots.release()
            return result
        } catch {
            server.stop()
            await slots.release()
            throw error
        }
    }

    /// A counting semaphore for async code.
    actor Slots {
        private var available: Int
        private var waiters: [CheckedContinuation<Void, Never>] = []

        init(_ count: Int) { available = count }

        func acquire() async {
            if available > 0 {
                available -= 1
                return
            }
            await withCheckedContinuation { waiters.append($0) }
        }

        func release() {
            if waiters.isEmpty {
                available += 1
            } else {
                waiters.removeFirst().resume()
            }
        }
    }

    private let process: Process
    /// `http://127.0.0.1:PORT`.
    let baseURL: String

    /// Starts a server, optionally with a script already loaded.
    static func start(script: [[String: Any]]? = nil) async throws -> FakeProviderServer {
        guard let python3 else { throw Failure.noPython }
        let process = Process()
        process.executableURL = python3
        process.arguments = [scriptPath.path, "--port", "0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure.startFailed("\(error)")
        }
        let line = await firstLine(of: output.fileHandleForReading, timeout: 20)
        let prefix = "listening on "
        guard let line, line.hasPrefix(prefix) else {
            process.terminate()
            throw Failure.startFailed("first line was \(line.map { "'\($0)'" } ?? "missing")")
        }
        let server = FakeProviderServer(process: process, baseURL: String(line.dropFirst(prefix.count)))
        if let script { try await server.load(script) }
        return server
    }

    private init(process: Process, baseURL: String) {
        self.process = process
        self.baseURL = baseURL
    }

    deinit { stop() }

    /// Reads up to the first newline on a background thread (the read blocks).
    private static func firstLine(of handle: FileHandle, timeout: Double) async -> String? {
        await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
            let gate = OnceGate()
            DispatchQueue.global().async {
                var bytes: [UInt8] = []
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    bytes.append(contentsOf: chunk)
                    if bytes.contains(UInt8(ascii: "\n")) { break }
                }
                let text = String(decoding: bytes, as: UTF8.self)
                let line = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init)
                if gate.claim() { continuation.resume(returning: line?.isEmpty == true ? nil : line) }
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if gate.claim() { continuation.resume(returning: nil) }
            }
        }
    }

    /// Replaces the script (and clears the request log).
    func load(_ steps: [[String: Any]]) async throws {
        let body = try JSONSerialization.data(withJSONObject: steps)
        _ = try await control("POST", "/_script", body: body)
    }

    /// The requests received so far: `{"method","path","headers","body"}`, secrets redacted.
    func requests() async throws -> [[String: Any]] {
        let data = try await control("GET", "/_requests", body: nil)
        guard let entries = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw Failure.control("/_requests did not return an array")
        }
        return entries
    }

    /// The raw `/_requests` text.
    func requestLogText() async throws -> String {
        String(decoding: try await control("GET", "/_requests", body: nil), as: UTF8.self)
    }

    private func control(_ method: String, _ path: String, body: Data?) async throws -> Data {
        guard let url = URL(string: baseURL + path) else { throw Failure.control("bad URL") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 10
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "content-type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let status = (response as? HTTPURLResponse)?.statusCode, status == 200 else {
            throw Failure.control("\(method) \(path): \(String(decoding: data, as: UTF8.self))")
        }
        return data
    }

    /// Stops the server (idempotent) with SIGKILL: the fake keeps no state worth flushing, and
    /// nothing here waits on the wall clock for it to go (Foundation reaps the child).
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
    }

    /// Lets exactly one caller through.
    private final class OnceGate: @unchecked Sendable {
        private let lock = NSLock()
        private var open = true

        func claim() -> Bool {
            lock.withLock {
                defer { open = false }
                return open
            }
        }
    }
}
