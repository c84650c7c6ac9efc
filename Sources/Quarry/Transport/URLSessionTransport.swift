import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Sends requests with `URLSession`.
///
/// `timeout` is passed to `URLRequest.timeoutInterval`, which on Linux is an *idle* timeout,
/// not a deadline; Quarry enforces the overall deadline itself (see
/// ``ExtractionPolicy/deadline``).
public struct URLSessionTransport: HTTPTransport {
    /// The idle timeout of each request.
    public var timeout: Double

    /// Creates a transport.
    public init(timeout: Double = 120) {
        self.timeout = timeout
    }

    /// Sends the request.
    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        guard let url = URL(string: request.url) else { throw .other("invalid URL") }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method
        urlRequest.timeoutInterval = timeout
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }
        do {
            let (data, response) = try await URLSession.shared.data(for: urlRequest)
            guard let http = response as? HTTPURLResponse else { throw TransportError.other("not an HTTP response") }
            var headers: [String: String] = [:]
            for (name, value) in http.allHeaderFields {
                headers[String(describing: name).lowercased()] = String(describing: value)
            }
            return HTTPResponse(status: http.statusCode, headers: headers, body: [UInt8](data))
        } catch let error as TransportError {
            throw error
        } catch is CancellationError {
            throw .cancelled
        } catch let error as URLError {
            throw Self.classify(error)
        } catch {
            throw .other(error.localizedDescription)
        }
    }

    static func classify(_ error: URLError) -> TransportError {
        switch error.code {
        case .timedOut: return .timedOut
        case .cannotConnectToHost: return .connectionRefused
        case .networkConnectionLost, .badServerResponse, .cannotParseResponse: return .connectionLost
        case .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet: return .unreachable(error.localizedDescription)
        case .cancelled: return .cancelled
        default: return .other(error.localizedDescription)
        }
    }
}
