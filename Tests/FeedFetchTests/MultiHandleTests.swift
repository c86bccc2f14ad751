import FeedFetch
import FetchTestServer
import Foundation
import Testing

/// The multi handle's connection pool: HTTP/2 multiplexing against a real h2 server (nginx over TLS).
@Suite("Multi handle: HTTP/2 multiplexing")
struct MultiHandleTests {
    /// N fetches started together against one https host that offers h2 must be N streams on one connection:
    /// counted by nginx ($connection, $connection_requests, $server_protocol in its access log), not inferred
    /// from the client. Each response is rate-limited to take about 1 s, so the requests overlap on the server
    /// (a fetcher that ran them one after another on one kept-alive connection would fail the overlap check).
    @Test func concurrentFetchesToAnH2HostShareOneConnection() async throws {
        let requests = 6
        let bodyBytes = 24_000
        // Fails (does not skip) when nginx is missing: the message says to install it.
        let server = try await NginxH2Server(bodyBytes: bodyBytes, limitRate: 12_000)
        let fetcher = Fetcher(
            configuration: configured {
                $0.caBundlePath = server.certificatePath
                $0.maxTransfersPerHost = requests
            }
        )
        do {
            let url = server.baseURL + "/feed.xml"
            let responses = try await withThrowingTaskGroup(of: FetchResponse.self) { group in
                for _ in 0..<requests {
                    group.addTask { try await fetcher.fetch(FetchRequest(url: url)) }
                }
                return try await group.reduce(into: [FetchResponse]()) { $0.append($1) }
            }
            await fetcher.shutdown()

            #expect(responses.count == requests)
            for response in responses {
                #expect(response.status == 200)
                #expect(response.httpVersion == "2")
                #expect(response.decodedBytes == bodyBytes)
            }

            // nginx writes a request's log line just after sending its last byte: wait for all of them.
            var log: [NginxH2Server.AccessLogEntry] = []
            let deadline = ContinuousClock.now + .seconds(5)
            while log.count < requests && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
                log = try server.accessLog()
            }
            try #require(log.count == requests, "nginx logged \(log.count) requests: \(log)\n\(server.errorLog)")
            #expect(log.allSatisfy { $0.serverProtocol == "HTTP/2.0" }, "\(log)")
            #expect(log.allSatisfy { $0.status == 200 })
            #expect(Set(log.map(\.connection)).count == 1, "requests spread over connections: \(log)")
            #expect(log.map(\.connectionRequests).sorted() == Array(1...requests))
            // Multiplexed, not one after another: every request started before any finished.
            let lastStart = log.map(\.start).max()!
            let firstEnd = log.map(\.end).min()!
            #expect(lastStart < firstEnd, "requests did not overlap on the connection: \(log)")
        } catch {
            await fetcher.shutdown(cancellingInFlight: true)
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
