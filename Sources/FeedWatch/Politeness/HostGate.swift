import FeedFetch
public import Foundation

/// Per host:port: requests in flight cap, minimum spacing between request starts, and Retry-After/429/503 blocks.
///
/// Keyed by host and port, not by domain: two sites on one host share a gate, two ports of one host do not (they
/// are often different servers), and `a.example.com` is not `b.example.com`.
public struct HostGate: Sendable {
    /// What the gate remembers about one host and port.
    private struct HostState: Sendable {
        var inFlight = 0
        var lastStart: Date?
        var blockedUntil: Date?
    }

    /// While a host is at its cap, when a slot frees is unknown (it depends on a request finishing), so
    /// `earliestStart` answers this much later; the daemon should also ask again when a request finishes.
    public static let busyRetry: Duration = .seconds(1)
    /// Idle hosts are swept after this many changes, so 5,000 hosts polled once each cost memory only while busy.
    static let sweepEvery = 1024

    /// Requests in flight at once to one host and port (at least 1).
    public private(set) var perHostConcurrency: Int
    /// The least time between the starts of two requests to one host and port.
    public private(set) var spacing: Duration
    private var hosts: [String: HostState] = [:]
    private var changesSinceSweep = 0

    /// Creates an empty gate.
    public init(perHostConcurrency: Int, spacing: Duration) {
        self.perHostConcurrency = max(perHostConcurrency, 1)
        self.spacing = max(spacing, .zero)
    }

    /// Takes new limits (a config reload) and keeps what it knows of each host: requests in flight, last
    /// start and Retry-After blocks still hold.
    public mutating func reconfigure(perHostConcurrency: Int, spacing: Duration) {
        self.perHostConcurrency = max(perHostConcurrency, 1)
        self.spacing = max(spacing, .zero)
    }

    /// Creates an empty gate with the policy's `per_host_concurrency` and `host_spacing`.
    public init(_ policy: PolitenessPolicy) {
        self.init(perHostConcurrency: policy.perHostConcurrency, spacing: policy.hostSpacing)
    }

    /// The gate's key for a URL: "host:port", host lower-cased, default port filled in (80/443), IPv6 bracketed.
    ///
    /// User info, path, query and fragment are dropped and a trailing dot on the host is removed (`example.com.` is
    /// `example.com`). A scheme other than http/https without a port gets no port; a string that is not an absolute
    /// URL is its own key, lower-cased.
    public static func key(for url: String) -> String {
        // Over UTF-8 bytes in place: the daemon computes a key for every source at start-up and on every move.
        var url = url
        return url.withUTF8 { bytes in
            let slash = UInt8(ascii: "/")
            guard
                let schemeEnd = bytes.indices.first(where: {
                    $0 + 2 < bytes.count && bytes[$0] == UInt8(ascii: ":") && bytes[$0 + 1] == slash
                        && bytes[$0 + 2] == slash
                })
            else { return String(decoding: bytes, as: UTF8.self).lowercased() }
            var start = schemeEnd + 3
            var end = start
            while end < bytes.count, bytes[end] != slash, bytes[end] != UInt8(ascii: "?"),
                bytes[end] != UInt8(ascii: "#")
            {
                end += 1
            }
            if let at = bytes[start..<end].lastIndex(of: UInt8(ascii: "@")) { start = at + 1 }

            var hostEnd = end
            var port: Slice<UnsafeBufferPointer<UInt8>>?
            if start < end, bytes[start] == UInt8(ascii: "["),
                let close = bytes[start..<end].firstIndex(of: UInt8(ascii: "]"))
            {
                hostEnd = close + 1
                if hostEnd < end, bytes[hostEnd] == UInt8(ascii: ":") { port = bytes[(hostEnd + 1)..<end] }
            } else if let colon = bytes[start..<end].lastIndex(of: UInt8(ascii: ":")) {
                hostEnd = colon
                port = bytes[(colon + 1)..<end]
            }
            if hostEnd - start > 1, bytes[hostEnd - 1] == UInt8(ascii: ".") { hostEnd -= 1 }

            // "0443" and "443" are one port; an empty port (`host:`) means the default, as in a browser.
            var portText = port.flatMap { digits -> String? in
                guard !digits.isEmpty else { return nil }
                let text = String(decoding: digits, as: UTF8.self)
                return Int(text).map(String.init) ?? text
            }
            if portText == nil {
                let scheme = bytes[..<schemeEnd]
                if scheme.elementsEqual("http".utf8, by: { $0.asciiLowercased == $1 }) {
                    portText = "80"
                } else if scheme.elementsEqual("https".utf8, by: { $0.asciiLowercased == $1 }) {
                    portText = "443"
                }
            }
            let host = bytes[start..<hostEnd]
            // A host of ASCII (as nearly all are, IDNs travelling as punycode) is lower-cased byte by byte.
            let hostText =
                host.allSatisfy { $0 < 0x80 }
                ? String(decoding: host.map(\.asciiLowercased), as: UTF8.self)
                : String(decoding: host, as: UTF8.self).lowercased()
            return portText.map { "\(hostText):\($0)" } ?? hostText
        }
    }

    /// When a request to `key` may start: `now` if it may start now, else the later of the block's end, the last
    /// start plus the spacing, and (while at the cap) `now + busyRetry`.
    public func earliestStart(_ key: String, now: Date) -> Date {
        guard let state = hosts[key] else { return now }
        var earliest = now
        if let blocked = state.blockedUntil, blocked > earliest { earliest = blocked }
        if let last = state.lastStart {
            let spaced = last.addingTimeInterval(spacing.timeInterval)
            if spaced > earliest { earliest = spaced }
        }
        if state.inFlight >= perHostConcurrency {
            earliest = max(earliest, now.addingTimeInterval(Self.busyRetry.timeInterval))
        }
        return earliest
    }

    /// True when a request to `key` may start now.
    public func canStart(_ key: String, now: Date) -> Bool {
        earliestStart(key, now: now) <= now
    }

    /// Records a request to `key` starting now.
    public mutating func start(_ key: String, now: Date) {
        hosts[key, default: HostState()].inFlight += 1
        hosts[key]?.lastStart = now
        noteChange(now: now)
    }

    /// Records a request to `key` finishing now.
    public mutating func finish(_ key: String, now: Date) {
        guard var state = hosts[key] else { return }
        state.inFlight = max(state.inFlight - 1, 0)
        hosts[key] = isIdle(state, now: now) ? nil : state
        noteChange(now: now)
    }

    /// Blocks `key` until `until` (a 429/503); of two blocks the later one stands.
    public mutating func block(_ key: String, until: Date) {
        var state = hosts[key, default: HostState()]
        if state.blockedUntil.map({ $0 < until }) ?? true { state.blockedUntil = until }
        hosts[key] = state
    }

    /// The end of the block on `key`, or nil when it is not blocked at `now`.
    public func blockedUntil(_ key: String, now: Date) -> Date? {
        guard let blocked = hosts[key]?.blockedUntil, blocked > now else { return nil }
        return blocked
    }

    /// Requests in flight to `key`.
    public func inFlight(_ key: String) -> Int {
        hosts[key]?.inFlight ?? 0
    }

    /// How many hosts the gate remembers (for stats, and to show that idle hosts are forgotten).
    public var trackedHosts: Int { hosts.count }

    /// Forgets every host with nothing in flight, no block and no spacing left to wait at `now`: forgetting it
    /// changes no answer, and it keeps memory bounded by the hosts busy at once.
    public mutating func forgetIdle(now: Date) {
        hosts = hosts.filter { !isIdle($0.value, now: now) }
        changesSinceSweep = 0
    }

    private func isIdle(_ state: HostState, now: Date) -> Bool {
        guard state.inFlight == 0 else { return false }
        if let blocked = state.blockedUntil, blocked > now { return false }
        if let last = state.lastStart, last.addingTimeInterval(spacing.timeInterval) > now { return false }
        return true
    }

    private mutating func noteChange(now: Date) {
        changesSinceSweep += 1
        if changesSinceSweep >= Self.sweepEvery { forgetIdle(now: now) }
    }
}
