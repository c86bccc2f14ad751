import Foundation
import Testing

@testable import FeedWatch

private let start = Date(timeIntervalSince1970: 1_704_067_200)

private func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

@Suite("HostGate")
struct HostGateTests {
    @Test(
        "the key is host:port, lower-cased, default port filled in, IPv6 bracketed",
        arguments: [
            ("https://Example.COM/feed.xml", "example.com:443"),
            ("http://example.com/feed", "example.com:80"),
            ("HTTP://example.com:8080/a?b#c", "example.com:8080"),
            ("https://example.com:0443", "example.com:443"),
            ("https://example.com:/x", "example.com:443"),
            ("https://user:secret@example.com/x", "example.com:443"),
            ("https://example.com./feed", "example.com:443"),
            ("http://[2001:DB8::1]/feed", "[2001:db8::1]:80"),
            ("https://[::1]:8443/feed", "[::1]:8443"),
            ("http://192.0.2.7:81", "192.0.2.7:81"),
            ("ftp://files.example.com/feed", "files.example.com"),
            ("not a url", "not a url"),
            ("HTTPS://Example.COM/x", "example.com:443"),
            ("http://BÜCHER.Example/feed", "bücher.example:80"),
            ("http://example.com:0080/", "example.com:80"),
            ("http://example.com:/", "example.com:80"),
            ("Not A URL", "not a url"),
        ]
    )
    func key(url: String, expected: String) {
        #expect(HostGate.key(for: url) == expected)
    }

    @Test("two sites on one host and port share a key; two ports or two subdomains do not")
    func keySharing() {
        #expect(HostGate.key(for: "https://example.com/a.xml") == HostGate.key(for: "https://EXAMPLE.com:443/b.xml"))
        #expect(HostGate.key(for: "https://example.com/a") != HostGate.key(for: "https://example.com:8443/a"))
        #expect(HostGate.key(for: "http://example.com/a") != HostGate.key(for: "https://example.com/a"))
        #expect(HostGate.key(for: "https://a.example.com/") != HostGate.key(for: "https://b.example.com/"))
    }

    @Test("an unknown host may start now")
    func unknownHost() {
        let gate = HostGate(perHostConcurrency: 2, spacing: .seconds(1))
        #expect(gate.earliestStart("example.com:443", now: start) == start)
        #expect(gate.canStart("example.com:443", now: start))
        #expect(gate.blockedUntil("example.com:443", now: start) == nil)
    }

    @Test("starts to one host are spaced; other hosts and ports are not held up")
    func spacing() {
        var gate = HostGate(perHostConcurrency: 4, spacing: .seconds(2))
        gate.start("example.com:443", now: start)
        #expect(gate.earliestStart("example.com:443", now: start) == at(2))
        #expect(gate.earliestStart("example.com:443", now: at(1.5)) == at(2))
        #expect(gate.earliestStart("example.com:443", now: at(3)) == at(3))
        #expect(gate.earliestStart("example.com:8443", now: start) == start)
        #expect(gate.earliestStart("example.org:443", now: start) == start)
    }

    @Test("at the cap no request may start until one finishes")
    func cap() {
        var gate = HostGate(perHostConcurrency: 2, spacing: .zero)
        let key = "example.com:443"
        gate.start(key, now: start)
        #expect(gate.canStart(key, now: start))
        gate.start(key, now: start)
        #expect(gate.inFlight(key) == 2)
        #expect(!gate.canStart(key, now: at(30)))
        #expect(gate.earliestStart(key, now: at(30)) == at(31))  // now + busyRetry: when a slot frees is unknown
        gate.finish(key, now: at(40))
        #expect(gate.inFlight(key) == 1)
        #expect(gate.earliestStart(key, now: at(40)) == at(40))
        // A cap below 1 is read as 1.
        var single = HostGate(perHostConcurrency: 0, spacing: .zero)
        single.start(key, now: start)
        #expect(!single.canStart(key, now: start))
    }

    @Test("a block holds the host until it ends; the later of two blocks stands")
    func block() {
        var gate = HostGate(perHostConcurrency: 2, spacing: .seconds(1))
        let key = "example.com:443"
        gate.block(key, until: at(120))
        #expect(gate.earliestStart(key, now: start) == at(120))
        #expect(gate.blockedUntil(key, now: start) == at(120))
        gate.block(key, until: at(60))
        #expect(gate.blockedUntil(key, now: start) == at(120))
        gate.block(key, until: at(300))
        #expect(gate.blockedUntil(key, now: start) == at(300))
        #expect(gate.blockedUntil(key, now: at(300)) == nil)
        #expect(gate.earliestStart(key, now: at(301)) == at(301))
        #expect(gate.earliestStart("example.com:80", now: start) == start)
    }

    @Test("the latest of block, spacing and cap decides")
    func combined() {
        var gate = HostGate(perHostConcurrency: 1, spacing: .seconds(10))
        let key = "example.com:443"
        gate.start(key, now: start)
        gate.block(key, until: at(5))
        #expect(gate.earliestStart(key, now: start) == at(10))
        gate.finish(key, now: at(1))
        gate.block(key, until: at(20))
        #expect(gate.earliestStart(key, now: at(1)) == at(20))
    }

    @Test("idle hosts are forgotten, busy, spaced and blocked ones are not")
    func forgetIdle() {
        var gate = HostGate(perHostConcurrency: 2, spacing: .seconds(1))
        gate.start("busy:443", now: start)
        gate.start("spaced:443", now: start)
        gate.finish("spaced:443", now: at(0.5))
        gate.block("blocked:443", until: at(60))
        gate.start("done:443", now: start)
        gate.finish("done:443", now: at(2))  // idle at once: forgotten on finish
        #expect(gate.trackedHosts == 3)
        gate.forgetIdle(now: at(0.5))
        #expect(gate.trackedHosts == 3)
        gate.forgetIdle(now: at(2))
        #expect(gate.trackedHosts == 2)
        gate.forgetIdle(now: at(60))
        #expect(gate.trackedHosts == 1)
        #expect(gate.inFlight("busy:443") == 1)
        gate.finish("unknown:443", now: at(60))  // a stray finish is harmless
        #expect(gate.inFlight("unknown:443") == 0)
    }

    @Test("5,000 hosts polled once each do not pile up in memory")
    func boundedMemory() {
        var gate = HostGate(perHostConcurrency: 2, spacing: .seconds(1))
        for index in 0..<5000 {
            let now = at(Double(index))
            gate.start("host\(index).example:443", now: now)
            gate.finish("host\(index).example:443", now: now.addingTimeInterval(0.5))
        }
        #expect(gate.trackedHosts <= HostGate.sweepEvery / 2 + 1)
    }
}
