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
        guard let schemeEnd = url.range(of: "://") else { return url.lowercased() }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        var authority = url[schemeEnd.upperBound...].prefix { !"/?#".contains($0) }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }

        var host: Substring
        var port: Substring?
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = authority[...close]
            let rest = authority[authority.index(after: close)...]
            if rest.hasPrefix(":") { port = rest.dropFirst() }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        if host.hasSuffix("."), host.count > 1 { host = host.dropLast() }

        // "0443" and "443" are one port; an empty port (`host:`) means the default, as in a browser.
        var portText = port.flatMap { $0.isEmpty ? nil : (Int($0).map(String.init) ?? String($0)) }
        if portText == nil {
            switch scheme {
            case "http": portText = "80"
            case "https": portText = "443"
            default: break
            }
        }
        let hostText = host.lowercased()
        return portText.map { "\(hostText):\($0)" } ?? hostText
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
