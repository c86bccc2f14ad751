import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP/1.1 server on 127.0.0.1 with one route per behaviour the fetcher tests need, and counters
/// (connections, most requests in flight at once) that tests assert on.
public final class HTTPTestServer: Sendable {
    /// The port the server listens on (chosen by the kernel).
    public let port: Int
    /// What the server has seen so far.
    public let statistics = ServerStatistics()
    private let listener: LoopbackListener

    /// "http://127.0.0.1:PORT".
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts a server; `/gzip` serves `gzipBody` and `/bomb` serves `gzipBomb`, both as Content-Encoding: gzip.
    public init(gzipBody: [UInt8] = [], gzipBomb: [UInt8] = []) async throws {
        let statistics = self.statistics
        let fixtures = Fixtures(gzipBody: gzipBody, gzipBomb: gzipBomb)
        listener = try await LoopbackListener(backlog: 1024) {
            TestRouteHandler(statistics: statistics, fixtures: fixtures)
        }
        port = listener.port
    }

    /// Closes the listening socket and every connection.
    public func shutdown() async throws {
        try await listener.shutdown()
    }
}

/// The bodies served by the compressed routes.
struct Fixtures: Sendable {
    let gzipBody: [UInt8]
    let gzipBomb: [UInt8]
}

/// Counters the server keeps; every test asserts on a snapshot.
public final class ServerStatistics: Sendable {
    /// The counters at one moment.
    public struct Counters: Sendable {
        /// TCP connections accepted.
        public var connections = 0
        /// Request heads received.
        public var requests = 0
        /// Requests whose response is not finished yet.
        public var inFlight = 0
        /// The most requests in flight at once.
        public var maxInFlight = 0
        /// Responses the client walked away from (connection closed before the end).
        public var abandoned = 0
        /// The header fields of the latest request.
        public var lastRequestHeaders: [(String, String)] = []
    }

    private let counters = NIOLockedValueBox(Counters())

    /// A copy of the counters now.
    public var snapshot: Counters { counters.withLockedValue { $0 } }

    func update(_ body: (inout Counters) -> Void) {
        counters.withLockedValue { body(&$0) }
    }
}
