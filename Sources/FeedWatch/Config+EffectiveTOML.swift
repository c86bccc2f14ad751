extension Config {
    /// The config as TOML, every key written out with its default filled in, durations and sizes in human units;
    /// ``ConfigLoader`` reads it back to an equal config (each source's `line` aside). A header value written with
    /// `${NAME}` is shown as written, never as the secret it expands to.
    public func effectiveTOML() -> String {
        var lines = [
            "# The effective configuration read from \(file): every key, defaults filled in.",
            "",
            "[daemon]",
        ]
        lines += daemonLines()
        for source in sources {
            lines.append("")
            lines.append("[[source]]")
            lines += Self.lines(source, daemon: daemon)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func daemonLines() -> [String] {
        let string = TOMLText.string
        let duration = { (value: Duration) in string(ConfigDuration.format(value)) }
        let size = { (bytes: Int) in ConfigByteSize.format(bytes).map(string) ?? String(bytes) }
        var lines: [String] = []
        // In ConfigDaemonTable.keys order, so the output reads like the sample config.
        for key in ConfigDaemonTable.keys {
            let value: String
            switch key {
            case "store": value = string(daemon.storePath)
            case "log_format": value = string(daemon.logFormat.rawValue)
            case "log_level": value = string(daemon.logLevel.rawValue)
            case "concurrency": value = String(daemon.concurrency)
            case "per_host_concurrency": value = String(daemon.perHostConcurrency)
            case "host_spacing": value = duration(daemon.hostSpacing)
            case "interval": value = duration(daemon.interval)
            case "min_interval": value = duration(daemon.minInterval)
            case "max_interval": value = duration(daemon.maxInterval)
            case "jitter": value = "\(daemon.jitter)"
            case "backoff_initial": value = duration(daemon.backoffInitial)
            case "backoff_max": value = duration(daemon.backoffMax)
            case "failing_after": value = String(daemon.failingAfter)
            case "move_after": value = String(daemon.moveAfter)
            case "connect_timeout": value = duration(daemon.connectTimeout)
            case "timeout": value = duration(daemon.timeout)
            case "low_speed_time": value = duration(daemon.lowSpeedTime)
            case "low_speed_limit": value = size(daemon.lowSpeedLimit)
            case "max_body_size": value = size(daemon.maxBodySize)
            case "max_redirects": value = String(daemon.maxRedirects)
            // Escaped so that a literal `${` in the value does not read back as a variable.
            case "user_agent": value = string(ConfigEnvironment.escape(daemon.userAgent))
            case "ca_bundle":
                guard let caBundle = daemon.caBundle else {
                    lines.append("# ca_bundle is not set: only the system's certificate authorities are trusted")
                    continue
                }
                value = string(caBundle)
            case "full_text_concurrency": value = String(daemon.fullTextConcurrency)
            case "stats_interval": value = duration(daemon.statsInterval)
            case "shutdown_timeout": value = duration(daemon.shutdownTimeout)
            case "fetch_log_max_age": value = duration(daemon.fetchLogMaxAge)
            default: continue
            }
            lines.append("\(key) = \(value)")
        }
        return lines
    }

    private static func lines(_ source: SourceConfig, daemon: DaemonConfig) -> [String] {
        let string = TOMLText.string
        var lines: [String] = []
        for key in ConfigSourceTable.keys {
            switch key {
            case "name": lines.append("name = \(string(source.name))")
            case "url": if case .url(let url) = source.location { lines.append("url = \(string(url))") }
            case "path": if case .path(let path) = source.location { lines.append("path = \(string(path))") }
            case "kind": lines.append("kind = \(string(source.kind.rawValue))")
            case "interval":
                if let interval = source.interval {
                    lines.append("interval = \(string(ConfigDuration.format(interval)))")
                } else {
                    let inherited = ConfigDuration.format(daemon.interval)
                    lines.append("# interval is not set: the [daemon] interval, \"\(inherited)\", applies")
                }
            case "timezone": lines.append("timezone = \(string(source.timeZone))")
            case "headers":
                let pairs = source.headers.map { header in
                    // The template, not the value: the value may be a secret from the environment.
                    let written = header.template ?? ConfigEnvironment.escape(header.value)
                    return "\(TOMLText.key(header.name)) = \(string(written))"
                }
                lines.append("headers = " + (pairs.isEmpty ? "{}" : "{ " + pairs.joined(separator: ", ") + " }"))
            case "full_text": lines.append("full_text = \(source.fullText)")
            case "tags": lines.append("tags = \(TOMLText.array(source.tags))")
            case "retention":
                var pairs: [String] = []
                if let maxAge = source.retention?.maxAge {
                    pairs.append("max_age = \(string(ConfigDuration.format(maxAge)))")
                }
                if let maxItems = source.retention?.maxItems { pairs.append("max_items = \(maxItems)") }
                if pairs.isEmpty {
                    lines.append("# retention is not set: every story is kept")
                } else {
                    lines.append("retention = { " + pairs.joined(separator: ", ") + " }")
                }
            case "allow_private_addresses": lines.append("allow_private_addresses = \(source.allowPrivateAddresses)")
            default: continue
            }
        }
        return lines
    }
}
