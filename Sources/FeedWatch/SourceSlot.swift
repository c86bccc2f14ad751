import FeedCore
import FeedStore
import Foundation

/// What the daemon's loop knows about one configured source between polls.
struct SourceSlot {
    var config: SourceConfig
    /// The stored state (validators, body hash, move), re-read after each commit.
    var state: SourceState?
    /// The politeness engine's memory of the source.
    var schedule: SourceSchedule
    /// Where the source is polled: its configured URL, or where it moved while the config still says the old one.
    var address: String
    /// The host gate's key ("host:port"), or nil for a path source, which no host gate limits.
    var hostKey: String?
    /// Bumped whenever the slot is rescheduled or removed, so stale queue entries are skipped.
    var generation = 0
    var polling = false
    /// False once a reload removed the source (its slot index stays, unused).
    var active = true
    /// When retention last pruned the source.
    var prunedAt: Date?

    init(config: SourceConfig, state: SourceState?) {
        self.config = config
        self.state = state
        self.schedule = SourceSchedule(stored: state)
        let address = Self.address(of: config, state: state)
        self.address = address
        if case .url = config.location {
            hostKey = HostGate.key(for: address)
        }
    }

    /// Points the slot at a new address (a move), keeping its host key in step.
    mutating func move(to address: String) {
        self.address = address
        hostKey = HostGate.key(for: address)
    }

    /// The configured URL, unless the store recorded a move away from exactly that URL.
    static func address(of config: SourceConfig, state: SourceState?) -> String {
        if case .url(let url) = config.location, let movedTo = state?.movedTo, state?.movedFrom == url {
            return movedTo
        }
        return config.address
    }

    /// The validators to send to `address`: those the store kept from polls of that address, or of the redirect
    /// that moved the source there. After the config pointed the source at another URL they belong to a
    /// different resource, whose server might match them and answer 304 for a feed never read.
    static func validators(of state: SourceState?, for address: String) -> (etag: String?, lastModified: String?) {
        guard let state, state.url == address || state.movedTo == address else { return (nil, nil) }
        return (state.etag, state.lastModified)
    }
}
