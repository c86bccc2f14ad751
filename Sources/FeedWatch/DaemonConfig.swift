/// The `[daemon]` table: settings shared by every source. Defaults are what a small install wants.
public struct DaemonConfig: Sendable, Hashable {
    /// How log lines are written.
    public enum LogFormat: String, Sendable, Hashable, CaseIterable {
        /// JSON lines, unless stdout is a terminal, then text.
        case auto
        /// One JSON object per line.
        case json
        /// Human-readable text.
        case text
    }

    /// The least severe level written.
    public enum LogLevel: String, Sendable, Hashable, CaseIterable, Comparable {
        case debug, info, warning, error

        private var rank: Int {
            switch self {
            case .debug: 0
            case .info: 1
            case .warning: 2
            case .error: 3
            }
        }

        public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rank < rhs.rank }
    }

    /// The SQLite store (`store`); a relative path is relative to the config file's directory.
    public var storePath = "feedwatch.sqlite"
    /// `log_format`.
    public var logFormat = LogFormat.auto
    /// `log_level`.
    public var logLevel = LogLevel.info
    /// `concurrency`: polls fetching (and parsing) at once, over all sources; their commits queue behind.
    public var concurrency = 32
    /// `per_host_concurrency`: requests in flight at once to one host and port.
    public var perHostConcurrency = 2
    /// `host_spacing`: the least time between the starts of two requests to one host and port.
    public var hostSpacing: Duration = .seconds(1)
    /// `interval`: how often a source is polled unless it says otherwise.
    public var interval: Duration = .seconds(15 * 60)
    /// `min_interval`: the floor for a source's interval and for the feed's own hints.
    public var minInterval: Duration = .seconds(5 * 60)
    /// `max_interval`: the ceiling for the feed's hints (ttl, sy:updatePeriod, skipHours, skipDays).
    public var maxInterval: Duration = .seconds(24 * 3600)
    /// `jitter`: each interval is stretched or shrunk by up to this fraction, so sources drift apart.
    public var jitter = 0.1
    /// `backoff_initial`: the wait after the first failure; it doubles with each failure in a row.
    public var backoffInitial: Duration = .seconds(60)
    /// `backoff_max`: the cap of the backoff; a failing source is polled at this interval forever.
    public var backoffMax: Duration = .seconds(6 * 3600)
    /// `failing_after`: failures in a row after which a backing-off source counts as failing.
    public var failingAfter = 5
    /// `move_after`: polls in a row that must see the same permanent redirect before the source moves.
    public var moveAfter = 3
    /// `connect_timeout`.
    public var connectTimeout: Duration = .seconds(10)
    /// `timeout`: the whole transfer.
    public var timeout: Duration = .seconds(60)
    /// `low_speed_time`: a transfer slower than `low_speed_limit` bytes/s for this long is abandoned.
    public var lowSpeedTime: Duration = .seconds(20)
    /// `low_speed_limit`, in bytes per second.
    public var lowSpeedLimit = 64
    /// `max_body_size`, in decoded bytes.
    public var maxBodySize = 16 << 20
    /// `max_redirects`.
    public var maxRedirects = 5
    /// `user_agent`.
    public var userAgent = "feedwatch/0.1 (+https://github.com/feedwatch/feedwatch)"
    /// `ca_bundle`: extra CA certificates (PEM) trusted besides the system's, if set.
    public var caBundle: String?
    /// `full_text_concurrency`: article pages fetched at once for one source with `full_text = true`.
    public var fullTextConcurrency = 4
    /// `stats_interval`: how often the stats line is logged.
    public var statsInterval: Duration = .seconds(300)
    /// `shutdown_timeout`: how long a stop waits for polls in flight before cancelling them.
    public var shutdownTimeout: Duration = .seconds(10)
    /// `fetch_log_max_age`: the daemon deletes fetch-log rows older than this, hourly; zero keeps them all.
    public var fetchLogMaxAge: Duration = .zero

    /// The defaults.
    public init() {}
}
