/// The `[daemon]` table: its keys, and how each is read into a ``DaemonConfig``.
enum ConfigDaemonTable {
    /// Every key, in the order the effective config and the sample config write them.
    static let keys = [
        "store", "log_format", "log_level", "concurrency", "per_host_concurrency", "host_spacing", "interval",
        "min_interval", "max_interval", "jitter", "backoff_initial", "backoff_max", "failing_after", "move_after",
        "connect_timeout", "timeout", "low_speed_time", "low_speed_limit", "max_body_size", "max_redirects",
        "user_agent", "ca_bundle", "full_text_concurrency", "stats_interval", "shutdown_timeout",
        "fetch_log_max_age",
    ]

    /// The daemon settings `reader` holds, defaults for the keys it leaves out; relative paths against `directory`.
    static func read(
        _ reader: ConfigTableReader,
        directory: String,
        environment: [String: String]
    )
        throws(ConfigError) -> DaemonConfig
    {
        var daemon = DaemonConfig()
        // The default store is relative too: beside the config file, wherever the daemon was started from.
        daemon.storePath = ConfigPath.resolve(daemon.storePath, against: directory)
        for key in reader.keys {
            switch key {
            case "store": daemon.storePath = try reader.path(key, relativeTo: directory)
            case "log_format": daemon.logFormat = try reader.choice(key, as: DaemonConfig.LogFormat.self)
            case "log_level": daemon.logLevel = try reader.choice(key, as: DaemonConfig.LogLevel.self)
            case "concurrency":
                daemon.concurrency = try reader.integer(key, atLeast: 1, "with 0 no poll could ever run")
            case "per_host_concurrency":
                daemon.perHostConcurrency = try reader.integer(key, atLeast: 1, "with 0 no host could be polled")
            case "host_spacing": daemon.hostSpacing = try reader.duration(key, zeroMeans: "no spacing")
            case "interval":
                daemon.interval = try reader.duration(key, positive: "sources would be polled without pause")
            case "min_interval":
                daemon.minInterval = try reader.duration(key, positive: "it is the floor that keeps polls apart")
            case "max_interval":
                daemon.maxInterval = try reader.duration(key, positive: "it is the longest a source may go unpolled")
            case "jitter":
                daemon.jitter = try reader.fraction(key, example: "0.1 moves each poll by up to 10% of its interval")
            case "backoff_initial":
                daemon.backoffInitial = try reader.duration(key, positive: "a failing source would be retried at once")
            case "backoff_max":
                daemon.backoffMax = try reader.duration(key, positive: "a failing source would be retried at once")
            case "failing_after":
                daemon.failingAfter = try reader.integer(key, atLeast: 1, "it counts failures in a row")
            case "move_after":
                daemon.moveAfter = try reader.integer(key, atLeast: 1, "it counts polls that saw the redirect")
            case "connect_timeout":
                daemon.connectTimeout = try reader.duration(key, positive: "no connection could be made")
            case "timeout": daemon.timeout = try reader.duration(key, positive: "no transfer could finish")
            case "low_speed_time":
                daemon.lowSpeedTime = try reader.duration(key, zeroMeans: "no low-speed check")
                // libcurl counts this in whole seconds; 1500ms would silently become 1s.
                if daemon.lowSpeedTime.components.attoseconds != 0 {
                    throw reader.error(
                        .invalidValue,
                        key,
                        "expected whole seconds (libcurl counts this in seconds), got "
                            + "\"\(ConfigDuration.format(daemon.lowSpeedTime))\""
                    )
                }
            case "low_speed_limit":
                daemon.lowSpeedLimit = try reader.size(key, atLeast: 0, "0 turns the low-speed check off")
            case "max_body_size":
                daemon.maxBodySize = try reader.size(key, atLeast: 1, "no response body would fit")
            case "max_redirects":
                daemon.maxRedirects = try reader.integer(key, atLeast: 0, "0 follows no redirect")
            case "user_agent":
                let written = try reader.nonEmptyString(key)
                do {
                    daemon.userAgent = try ConfigEnvironment.expand(written, environment: environment)
                } catch {
                    throw reader.error(key, error)
                }
                guard !daemon.userAgent.isEmpty, !daemon.userAgent.contains(where: \.isNewline) else {
                    throw reader.error(
                        .invalidValue,
                        key,
                        "must not be empty or hold a line break once ${…} is expanded"
                    )
                }
            case "ca_bundle": daemon.caBundle = try reader.path(key, relativeTo: directory)
            case "full_text_concurrency":
                daemon.fullTextConcurrency = try reader.integer(
                    key,
                    atLeast: 1,
                    "with 0 no article page could be fetched"
                )
            case "stats_interval":
                daemon.statsInterval = try reader.duration(
                    key,
                    positive: "the stats line would be logged without pause"
                )
            case "shutdown_timeout":
                daemon.shutdownTimeout = try reader.duration(key, zeroMeans: "polls in flight are cancelled at once")
            case "fetch_log_max_age":
                daemon.fetchLogMaxAge = try reader.duration(key, zeroMeans: "the fetch log is kept whole")
            default:
                let isSourceKey = ConfigSourceTable.keys.contains(key)
                throw reader.unknownKey(
                    key,
                    known: keys,
                    note: isSourceKey ? "\(key) is set in a [[source]] table" : nil
                )
            }
        }
        try requireOrder("min_interval", daemon.minInterval, "max_interval", daemon.maxInterval, in: reader)
        try requireOrder("min_interval", daemon.minInterval, "interval", daemon.interval, in: reader)
        try requireOrder("backoff_initial", daemon.backoffInitial, "backoff_max", daemon.backoffMax, in: reader)
        return daemon
    }

    /// Checks that `lower` is no longer than `upper`; the error is on whichever key the file sets (the first if both),
    /// and names the other key's value and where it came from.
    private static func requireOrder(
        _ lowerKey: String,
        _ lower: Duration,
        _ upperKey: String,
        _ upper: Duration,
        in reader: ConfigTableReader
    ) throws(ConfigError) {
        guard lower > upper else { return }
        let lowerText = "\"\(ConfigDuration.format(lower))\""
        let upperText = "\"\(ConfigDuration.format(upper))\""
        let rule = "\(lowerKey) must not be longer than \(upperKey)"
        if reader.has(lowerKey) {
            throw reader.error(
                .invalidValue,
                lowerKey,
                "\(lowerText) is longer than \(upperKey) \(upperText) (\(reader.origin(upperKey))); \(rule)"
            )
        }
        throw reader.error(
            .invalidValue,
            upperKey,
            "\(upperText) is shorter than \(lowerKey) \(lowerText) (\(reader.origin(lowerKey))); \(rule)"
        )
    }
}
