import FetchTestServer
import Testing

@testable import FeedFetch

@Suite("Address policy for untrusted requests")
struct AddressPolicyTests {
    @Test func untrustedRequestCannotReachLoopback() async throws {
        try await withServer { server, fetcher in
            let request = FetchRequest(url: server.baseURL + "/feed", origin: .untrusted)
            let error = await fetchError { try await fetcher.fetch(request) }
            #expect(error?.reason == .addressRefused(address: "127.0.0.1 (loopback)"))
            #expect(server.statistics.snapshot.connections == 0)
        }
    }

    @Test func untrustedRequestDoesNotReuseATrustedConnection() async throws {
        try await withServer { server, fetcher in
            // The trusted fetch leaves a keep-alive connection to 127.0.0.1 in libcurl's cache.
            let trusted = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/feed"))
            #expect(trusted.status == 200)
            let error = await fetchError {
                try await fetcher.fetch(FetchRequest(url: server.baseURL + "/feed", origin: .untrusted))
            }
            #expect(error?.reason == .addressRefused(address: "127.0.0.1 (loopback)"))
            #expect(server.statistics.snapshot.requests == 1)
        }
    }

    // Redirect hops. There is no internet here, so the "public" first host is a loopback server the request
    // names in its test-only `endpointsTreatedAsPublic` (exactly one address and port); every other address is
    // classified as in production, by the same checks.

    /// A public host redirecting to 127.0.0.1 is refused on that hop, before any connection is made to it.
    @Test func redirectHopToLoopbackIsRefused() async throws {
        let publicHost = try await ScriptedHTTPServer()
        let target = try await HTTPTestServer()
        publicHost.set("/out", ScriptedResponse(status: 302, headers: [("Location", target.baseURL + "/feed")]))
        let fetcher = Fetcher()
        var request = FetchRequest(url: publicHost.baseURL + "/out", origin: .untrusted)
        request.endpointsTreatedAsPublic = ["127.0.0.1:\(publicHost.port)"]
        let error = await fetchError { try await fetcher.fetch(request) }
        #expect(error?.reason == .addressRefused(address: "127.0.0.1 (loopback)"))
        #expect(publicHost.requests("/out") == 1)
        #expect(target.statistics.snapshot.connections == 0)

        // The control: with the target played as public too, the same chain is followed to the end.
        request.endpointsTreatedAsPublic.insert("127.0.0.1:\(target.port)")
        let response = try await fetcher.fetch(request)
        #expect(response.status == 200 && response.redirectStatuses == [302])
        await fetcher.shutdown()
        try await publicHost.shutdown()
        try await target.shutdown()
    }

    /// The hop must not ride on a connection a trusted request left open to the private target: libcurl
    /// ignores CURLOPT_FRESH_CONNECT on redirect hops, so the open-socket check alone would never see it.
    @Test func redirectHopDoesNotReuseATrustedConnection() async throws {
        let publicHost = try await ScriptedHTTPServer()
        let target = try await HTTPTestServer()
        publicHost.set("/out", ScriptedResponse(status: 302, headers: [("Location", target.baseURL + "/feed")]))
        let fetcher = Fetcher()
        // A configured source on the private host: its keep-alive connection stays in libcurl's cache.
        let trusted = try await fetcher.fetch(FetchRequest(url: target.baseURL + "/feed"))
        #expect(trusted.status == 200)
        var request = FetchRequest(url: publicHost.baseURL + "/out", origin: .untrusted)
        request.endpointsTreatedAsPublic = ["127.0.0.1:\(publicHost.port)"]
        let error = await fetchError { try await fetcher.fetch(request) }
        #expect(error?.reason == .addressRefused(address: "127.0.0.1 (loopback)"))
        #expect(target.statistics.snapshot.requests == 1, "the untrusted hop reached the private host")
        await fetcher.shutdown()
        try await publicHost.shutdown()
        try await target.shutdown()
    }

    @Test func callerMayAllowPrivateAddresses() async throws {
        try await withServer { server, fetcher in
            let request = FetchRequest(url: server.baseURL + "/feed", origin: .untrusted, allowsPrivateAddresses: true)
            let response = try await fetcher.fetch(request)
            #expect(response.status == 200)
        }
    }

    @Test(arguments: [
        ("127.0.0.1", "loopback"), ("127.255.0.9", "loopback"), ("10.1.2.3", "private"), ("172.16.0.1", "private"),
        ("172.31.255.255", "private"), ("192.168.1.1", "private"), ("169.254.169.254", "link-local"),
        ("0.0.0.0", "unspecified"), ("100.64.0.1", "shared (CGNAT)"), ("224.0.0.1", "multicast"),
        ("::1", "loopback"), ("::", "unspecified"), ("fe80::1", "link-local"), ("fd12:3456::1", "unique-local"),
        ("fc00::1", "unique-local"), ("::ffff:127.0.0.1", "IPv4-mapped loopback"),
        ("::ffff:10.0.0.1", "IPv4-mapped private"), ("::ffff:169.254.1.1", "IPv4-mapped link-local"),
        ("192.0.2.2", "documentation"), ("198.51.100.7", "documentation"), ("203.0.113.255", "documentation"),
        ("2001:db8::1", "documentation"), ("198.18.0.1", "benchmarking"),
        ("::ffff:203.0.113.1", "IPv4-mapped documentation"),
    ])
    func classifiesNonPublicAddresses(address: String, range: String) throws {
        #expect(try #require(IPAddress(address)).restrictedRange == range)
    }

    @Test(arguments: [
        "93.184.216.34", "8.8.8.8", "172.32.0.1", "192.169.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8",
        "192.0.3.1", "198.51.101.1", "203.0.112.1",
    ])
    func publicAddressesAreAllowed(address: String) throws {
        #expect(try #require(IPAddress(address)).restrictedRange == nil)
    }
}
