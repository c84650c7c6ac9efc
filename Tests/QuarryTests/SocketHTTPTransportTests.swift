import Foundation
import Quarry
import QuarrySchema
import Testing

@Suite(
    "Socket HTTP transport",
    .enabled(if: FakeProviderServer.isAvailable, "python3 is not on PATH: skipping the socket transport tests"))
struct SocketHTTPTransportTests {
    @Test func exchangesARequestWithTheFakeProvider() async throws {
        try await FakeProviderServer.with(script: [["reply": ["total": 4]]]) { server in
            let provider = OpenAIChatProvider(
                model: "smollm2", baseURL: server.baseURL, transport: SocketHTTPTransport())
            let request = ExtractionRequest(
                messages: [ChatMessage(role: .user, content: "x")], schemaName: "t", schema: ["type": "object"])
            let reply = try await provider.complete(request)
            #expect(reply.text.map { try? JSONValue(parsing: $0) } == ["total": 4])
            #expect(reply.usage.totalTokens > 0)
            let log = try await server.requests()
            #expect(log.count == 1)
        }
    }

    @Test func reportsARefusedConnection() async throws {
        // Bind a port, then close it so nothing listens there.
        let port = try Self.unusedPort()
        do {
            _ = try await SocketHTTPTransport().send(HTTPRequest(url: "http://127.0.0.1:\(port)/v1/chat/completions"))
            Issue.record("a closed port answered")
        } catch {
            #expect(error == .connectionRefused)
        }
    }

    @Test func theDeadlineCancelsAHangingRequestWithoutWaitingForIt() async throws {
        try await FakeProviderServer.with(script: [["slow_headers": 30]]) { server in
            let schema = try Schema(compiling: ["type": "object"])
            let provider = OpenAIChatProvider(
                model: "smollm2", baseURL: server.baseURL, transport: SocketHTTPTransport())
            let quarry = Quarry(provider: provider, policy: ExtractionPolicy(deadline: .seconds(1)))
            let started = ContinuousClock.now
            do {
                _ = try await quarry.extract("x", schema: schema, schemaName: "t")
                Issue.record("a hanging server answered")
            } catch let error as ExtractionError {
                guard case .deadlineExceeded = error else {
                    Issue.record("wrong error \(error)")
                    return
                }
            }
            #expect(ContinuousClock.now - started < .seconds(15))
        }
    }

    @Test func rejectsHTTPSURLs() async {
        do {
            _ = try await SocketHTTPTransport().send(HTTPRequest(url: "https://example.com/"))
            Issue.record("sent an https request")
        } catch {
            guard case .other = error else {
                Issue.record("wrong error \(error)")
                return
            }
        }
    }

    static func unusedPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
