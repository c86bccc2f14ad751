import FeedFetch
import FetchTestServer
import Foundation
import Testing

@Suite("The multi thread: concurrency caps, reuse, cancellation, shutdown")
struct FetcherConcurrencyTests {
    @Test func thousandConcurrentRequestsRespectThePerHostCap() async throws {
        try await withServer(
            configured {
                $0.maxConcurrentTransfers = 64
                $0.maxTransfersPerHost = 6
            }
        ) { server, fetcher in
            let url = server.baseURL + "/slow?ms=5"
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<1000 {
                    group.addTask { try await fetcher.fetch(FetchRequest(url: url)).status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.count == 1000)
            #expect(statuses.allSatisfy { $0 == 200 })
            let counters = server.statistics.snapshot
            #expect(counters.requests == 1000)
            #expect(counters.maxInFlight <= 6)
            #expect(counters.maxInFlight >= 2)  // the requests did run side by side
            #expect(counters.connections <= 6)  // and kept their connections alive
        }
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        try await withServer { server, fetcher in
            for _ in 0..<20 {
                let response = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/feed"))
                #expect(response.status == 200)
            }
            #expect(server.statistics.snapshot.connections == 1)
        }
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        try await withServer { server, fetcher in
            let task = Task { try await fetcher.fetch(FetchRequest(url: server.baseURL + "/drip")) }
            // Wait until the server is sending, so the cancellation hits mid-transfer.
            try await waitUntil { server.statistics.snapshot.inFlight == 1 }
            try await Task.sleep(for: .milliseconds(1500))
            let cancelledAt = ContinuousClock.now
            task.cancel()
            let result = await task.result
            // The drip would go on for the 60 s total timeout; "promptly" leaves room for a loaded CI machine.
            #expect(ContinuousClock.now - cancelledAt < .seconds(3))
            #expect(throws: CancellationError.self) { try result.get() }
            // The connection is closed, so the server stops sending.
            try await waitUntil { server.statistics.snapshot.abandoned == 1 }
        }
    }

    @Test func alreadyCancelledTaskNeverConnects() async throws {
        try await withServer { server, fetcher in
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await fetcher.fetch(FetchRequest(url: server.baseURL + "/feed"))
            }
            await #expect(throws: CancellationError.self) { try await task.value }
            try await Task.sleep(for: .milliseconds(200))
            #expect(server.statistics.snapshot.requests == 0)
        }
    }

    @Test func shutdownRefusesNewFetches() async throws {
        try await withServer { server, fetcher in
            await fetcher.shutdown()
            let error = await fetchError { try await fetcher.fetch(FetchRequest(url: server.baseURL + "/feed")) }
            #expect(error?.reason == .shutDown)
        }
    }

    @Test func shutdownCancellingInFlightEndsRunningTransfers() async throws {
        try await withServer { server, fetcher in
            let task = Task { try await fetcher.fetch(FetchRequest(url: server.baseURL + "/drip")) }
            try await waitUntil { server.statistics.snapshot.inFlight == 1 }
            await fetcher.shutdown(cancellingInFlight: true)
            let error = await fetchError { try await task.value }
            #expect(error?.reason == .shutDown)
        }
    }

    @Test func gracefulShutdownLetsRunningTransfersFinish() async throws {
        try await withServer { server, fetcher in
            let task = Task { try await fetcher.fetch(FetchRequest(url: server.baseURL + "/slow?ms=300")) }
            try await waitUntil { server.statistics.snapshot.inFlight == 1 }
            await fetcher.shutdown()
            let response = try await task.value
            #expect(response.status == 200)
        }
    }
}

/// Polls `condition` every 10 ms for up to 5 s; fails the test if it never holds.
func waitUntil(_ condition: () -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    let deadline = ContinuousClock.now + .seconds(5)
    while !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("condition never held", sourceLocation: sourceLocation)
            return
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}
