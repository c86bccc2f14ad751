import FeedFetch
import FetchTestServer
import Foundation
import Testing

/// The bytes of a file in `Fixtures/`.
func fixture(_ name: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
    return [UInt8](try Data(contentsOf: url))
}

/// Runs `body` with a fresh test server and fetcher, and tears both down whatever happens.
func withServer<T>(
    _ configuration: FetcherConfiguration = FetcherConfiguration(),
    _ body: (HTTPTestServer, Fetcher) async throws -> T
) async throws -> T {
    let server = try await HTTPTestServer(
        gzipBody: try fixture("feed.xml.gz"),
        gzipBomb: try fixture("bomb-64MiB-zeros.gz")
    )
    let fetcher = Fetcher(configuration: configuration)
    do {
        let result = try await body(server, fetcher)
        await fetcher.shutdown(cancellingInFlight: true)
        try await server.shutdown()
        return result
    } catch {
        await fetcher.shutdown(cancellingInFlight: true)
        try? await server.shutdown()
        throw error
    }
}

/// The default configuration with `change` applied.
func configured(_ change: (inout FetcherConfiguration) -> Void) -> FetcherConfiguration {
    var configuration = FetcherConfiguration()
    change(&configuration)
    return configuration
}

/// The FetchError that `body` throws; records a test failure when it throws something else or nothing.
func fetchError(
    _ body: () async throws -> FetchResponse,
    sourceLocation: SourceLocation = #_sourceLocation
) async
    -> FetchError?
{
    do {
        let response = try await body()
        Issue.record("expected a FetchError, got status \(response.status)", sourceLocation: sourceLocation)
    } catch let error as FetchError {
        return error
    } catch {
        Issue.record("expected a FetchError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
