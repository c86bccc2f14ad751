import FeedFetch
import FetchTestServer
import Foundation
import Testing

/// Easy handles are reused across transfers: the next transfer must start from libcurl's defaults.
@Suite struct CurlEasyTests {
    @Test func aReusedHandleCarriesNothingOfItsLastTransfer() async throws {
        try await withServer { server, fetcher in
            // One transfer at a time, so each takes the handle the one before it left.
            let conditional = FetchRequest(
                url: server.baseURL + "/feed",
                etag: "\"v1\"",
                headers: [HTTPHeader(name: "X-Token", value: "secret")],
                maxBodyBytes: 10
            )
            #expect(try await fetcher.fetch(conditional).status == 304)
            for _ in 0..<3 {
                let plain = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/feed"))
                let sent = server.statistics.snapshot.lastRequestHeaders.map { $0.0.lowercased() }
                #expect(!sent.contains("if-none-match"), "the last transfer's validator was sent again")
                #expect(!sent.contains("x-token"), "the last transfer's header was sent again")
                #expect(plain.status == 200)
                #expect(String(decoding: plain.body, as: UTF8.self) == "<rss>hello feed</rss>", "the body limit stayed")
            }
        }
    }
}
