/// The daemon's politeness settings, as the engine reads them (built from `[daemon]`).
public struct PolitenessPolicy: Sendable, Hashable {
    /// `interval`: a source's wait unless it sets its own.
    public let interval: Duration
    /// `min_interval`: the floor for every interval after a success (a promise to publishers).
    public let minInterval: Duration
    /// `max_interval`: the ceiling for what the feed's hints make of the interval.
    public let maxInterval: Duration
    /// `jitter`: the fraction (0–0.9) by which each wait is stretched or shrunk at random.
    public let jitter: Double
    /// `backoff_initial`: the wait after the first failure.
    public let backoffInitial: Duration
    /// `backoff_max`: the longest backoff, and the interval of a failing source.
    public let backoffMax: Duration
    /// `failing_after`: failures in a row that make a source failing (at least 1).
    public let failingAfter: Int
    /// `move_after`: polls in a row that must see the same permanent redirect (at least 1).
    public let moveAfter: Int
    /// `per_host_concurrency`: requests in flight to one host and port (at least 1).
    public let perHostConcurrency: Int
    /// `host_spacing`: the least time between two request starts to one host and port.
    public let hostSpacing: Duration

    /// Reads the settings from `[daemon]`.
    ///
    /// Config validation rejects nonsense with a message; this only keeps the engine's arithmetic sound if a value
    /// slips through (negative waits become 0, counts at least 1, `max_interval` no lower than `min_interval`, jitter
    /// below 1 so a wait never jitters to nothing).
    public init(_ daemon: DaemonConfig) {
        let zero = Duration.zero
        interval = max(daemon.interval, zero)
        minInterval = max(daemon.minInterval, zero)
        maxInterval = max(daemon.maxInterval, minInterval)
        jitter = daemon.jitter.isFinite ? min(max(daemon.jitter, 0), 0.9) : 0
        backoffInitial = max(daemon.backoffInitial, zero)
        backoffMax = max(daemon.backoffMax, backoffInitial)
        failingAfter = max(daemon.failingAfter, 1)
        moveAfter = max(daemon.moveAfter, 1)
        perHostConcurrency = max(daemon.perHostConcurrency, 1)
        hostSpacing = max(daemon.hostSpacing, zero)
    }

    /// The longest a `Retry-After` can park a source (and its host), so a silly header cannot park it forever.
    public var retryAfterCap: Duration { max(maxInterval, backoffMax) }
}
