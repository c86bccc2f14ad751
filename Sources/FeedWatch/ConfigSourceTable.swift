import Foundation

/// A `[[source]]` table: its keys, and how each is read into a ``SourceConfig``.
enum ConfigSourceTable {
    /// Every key, in the order the effective config writes them.
    static let keys = [
        "name", "url", "path", "kind", "interval", "timezone", "headers", "full_text", "tags", "retention",
        "allow_private_addresses",
    ]

    /// The keys of a source's `retention` table.
    static let retentionKeys = ["max_age", "max_items"]

    /// The source `reader` holds, the `number`th (1-based) in the file; `daemon` is read already, for the bounds.
    static func read(
        _ reader: ConfigTableReader,
        number: Int,
        daemon: DaemonConfig,
        daemonReader: ConfigTableReader?,
        directory: String,
        environment: [String: String]
    ) throws(ConfigError) -> SourceConfig {
        var reader = reader
        reader.sourceNumber = number
        var name: String?
        var location: SourceConfig.Location?
        var locationKey: String?
        var kind = SourceConfig.Kind.auto
        var interval: Duration?
        var timeZone = "UTC"
        var headers: [SourceConfig.Header] = []
        var fullText = false
        var tags: [String] = []
        var retention: SourceConfig.Retention?
        var allowPrivateAddresses = false
        for key in reader.keys {
            switch key {
            case "name": name = try reader.nonEmptyString(key)
            case "url", "path":
                if let locationKey {
                    throw reader.error(
                        .conflictingKeys,
                        key,
                        "\(locationKey) (line \(reader.line(locationKey) ?? 0)) and \(key) are both set; a source has "
                            + "either a url or a path"
                    )
                }
                locationKey = key
                location =
                    key == "url"
                    ? .url(try url(reader)) : .path(try reader.path(key, relativeTo: directory))
            case "kind": kind = try reader.choice(key, as: SourceConfig.Kind.self)
            case "interval":
                interval = try reader.duration(key, positive: "the source would be polled without pause")
            case "timezone": timeZone = try self.timeZone(reader)
            case "headers": headers = try self.headers(reader, environment: environment)
            case "full_text": fullText = try reader.bool(key)
            case "tags": tags = try reader.stringArray(key, example: #"["news", "ukraine"]"#)
            case "retention": retention = try self.retention(reader)
            case "allow_private_addresses": allowPrivateAddresses = try reader.bool(key)
            default:
                let isDaemonKey = ConfigDaemonTable.keys.contains(key)
                throw reader.unknownKey(key, known: keys, note: isDaemonKey ? "\(key) is set in [daemon]" : nil)
            }
        }
        guard let location else {
            throw reader.error(
                .missingKey,
                nil,
                "neither url nor path is set: add url = \"https://…\" for a feed or page, or path = \"/…\" for a "
                    + "file or spool directory"
            )
        }
        if let interval, interval < daemon.minInterval {
            let written = ConfigDuration.format(interval)
            let minimum = ConfigDuration.format(daemon.minInterval)
            let origin = daemonReader.map { $0.origin("min_interval") } ?? "the default"
            throw reader.error(
                .invalidValue,
                "interval",
                "\"\(written)\" is shorter than [daemon] min_interval \"\(minimum)\" (\(origin)); raise interval or "
                    + "lower min_interval"
            )
        }
        var source = SourceConfig(name: name ?? defaultName(location), location: location)
        source.kind = kind
        source.interval = interval
        source.timeZone = timeZone
        source.headers = headers
        source.fullText = fullText
        source.tags = tags
        source.retention = retention
        source.allowPrivateAddresses = allowPrivateAddresses
        source.line = reader.line() ?? 0
        return source
    }

    /// The name a source without `name` gets: its URL's host, or its path's last component.
    static func defaultName(_ location: SourceConfig.Location) -> String {
        switch location {
        case .url(let url): URL(string: url)?.host ?? url
        case .path(let path): ConfigPath.lastComponent(of: path)
        }
    }

    /// How messages name the `number`th source: by its name, else by the name it will get, else by its number in
    /// the file; worked out from its keys (any of which a message may be about) when a message needs it.
    static func label(_ source: ConfigTableReader, number: Int) -> String {
        // Read without the label, or a message about a bad name would ask for the label again.
        var reader = source
        reader.sourceNumber = nil
        if let name = try? reader.nonEmptyString("name") { return "source '\(name)'" }
        if let url = try? reader.string("url"), let host = URL(string: url)?.host, !host.isEmpty {
            return "source '\(host)'"
        }
        if let path = try? reader.string("path"), !path.isEmpty {
            return "source '\(ConfigPath.lastComponent(of: path))'"
        }
        return "[[source]] #\(number)"
    }

    private static func url(_ reader: ConfigTableReader) throws(ConfigError) -> String {
        let text = try reader.nonEmptyString("url")
        // A config of thousands of sources is read at every start; Foundation's URL parser is its slowest part.
        if isPlainHTTPURL(text) { return text }
        var got: String { TOMLText.quoted(text) }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased() else {
            throw reader.error(
                .invalidValue,
                "url",
                "expected an absolute http or https URL such as \"https://example.com/feed.xml\", got \(got)"
            )
        }
        guard scheme == "http" || scheme == "https" else {
            let hint = scheme == "file" ? "; a local file is path = \"/…\"" : ""
            throw reader.error(
                .invalidValue,
                "url",
                "expected an http or https URL, got \(got) (scheme '\(scheme)')\(hint)"
            )
        }
        guard let host = url.host, !host.isEmpty else {
            throw reader.error(.invalidValue, "url", "expected an http or https URL with a host, got \(got)")
        }
        return text
    }

    /// True for `http://` or `https://` (lower case), a host name of letters, digits, dots and hyphens that
    /// starts with a letter or digit, an optional port from 1 to 65535, then nothing or a `/`, `?` or `#` followed by
    /// only bytes a URL holds unescaped (no `%`): a URL ``url(_:)`` accepts without parsing it.
    static func isPlainHTTPURL(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index: Int
            if bytes.starts(with: "https://".utf8) {
                index = 8
            } else if bytes.starts(with: "http://".utf8) {
                index = 7
            } else {
                return false
            }
            func isHostByte(_ byte: UInt8) -> Bool {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"):
                    true
                default: false
                }
            }
            guard index < bytes.count, bytes[index] != UInt8(ascii: "."), bytes[index] != UInt8(ascii: "-"),
                isHostByte(bytes[index])
            else { return false }
            while index < bytes.count, isHostByte(bytes[index]) { index += 1 }
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                index += 1
                var port = 0
                var digits = 0
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]), digits < 6 {
                    port = port * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                    digits += 1
                    index += 1
                }
                guard (1...5).contains(digits), (1...65535).contains(port) else { return false }
            }
            guard index < bytes.count else { return true }
            guard
                bytes[index] == UInt8(ascii: "/") || bytes[index] == UInt8(ascii: "?")
                    || bytes[index] == UInt8(ascii: "#")
            else { return false }
            for byte in bytes[index...] {
                switch byte {
                case _ where isHostByte(byte): continue
                case UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"),
                    UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "@"), UInt8(ascii: "!"), UInt8(ascii: "$"),
                    UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"),
                    UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: ":"):
                    continue
                default: return false
                }
            }
            return true
        }
    }

    private static func timeZone(_ reader: ConfigTableReader) throws(ConfigError) -> String {
        let name = try reader.nonEmptyString("timezone")
        guard TimeZone(identifier: name) == nil else { return name }
        let hint =
            ConfigKeySuggestion.closest(to: name, among: TimeZone.knownTimeZoneIdentifiers)
            .map { "; did you mean '\($0)'?" } ?? ""
        throw reader.error(
            .invalidValue,
            "timezone",
            "unknown time zone \(TOMLText.quoted(name)): expected an IANA name such as \"Europe/Kyiv\" or "
                + "\"UTC\"\(hint)"
        )
    }

    private static func headers(
        _ source: ConfigTableReader,
        environment: [String: String]
    ) throws(ConfigError)
        -> [SourceConfig.Header]
    {
        let reader = try source.subtable(
            "headers",
            expected: #"a table of header names and values, such as { Accept = "application/rss+xml" }"#
        )
        var headers: [SourceConfig.Header] = []
        for name in reader.keys {
            guard isToken(name) else {
                throw reader.error(
                    .invalidValue,
                    name,
                    "not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)"
                )
            }
            if let earlier = headers.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) {
                throw reader.error(
                    .invalidValue,
                    name,
                    "the same header as '\(earlier.name)' (line \(reader.line(earlier.name) ?? 0)): header names "
                        + "ignore case"
                )
            }
            let written = try reader.string(name)
            let expansion: (value: String, variables: [String])
            do {
                expansion = try ConfigEnvironment.expansion(of: written, environment: environment)
            } catch {
                throw reader.error(name, error)
            }
            let fromEnvironment = !expansion.variables.isEmpty
            // Checked after expansion: a secret read from a file often ends with a line break, and a line break in a
            // header would end the header (the secret itself is never shown).
            guard !expansion.value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                let source = fromEnvironment ? " once ${…} is expanded" : ""
                throw reader.error(.invalidValue, name, "the value holds a line break or NUL\(source)")
            }
            headers.append(
                SourceConfig.Header(name: name, value: expansion.value, template: fromEnvironment ? written : nil)
            )
        }
        return headers
    }

    private static func retention(_ source: ConfigTableReader) throws(ConfigError) -> SourceConfig.Retention? {
        let reader = try source.subtable(
            "retention",
            expected: #"a table such as { max_age = "90d", max_items = 1000 }"#
        )
        var retention = SourceConfig.Retention()
        for key in reader.keys {
            switch key {
            case "max_age": retention.maxAge = try reader.duration(key, positive: "every story would be pruned at once")
            case "max_items":
                retention.maxItems = try reader.integer(key, atLeast: 1, "0 would keep no story at all")
            default: throw reader.unknownKey(key, known: retentionKeys)
            }
        }
        // An empty table keeps everything, as leaving it out does: one value for one meaning.
        return retention.maxAge == nil && retention.maxItems == nil ? nil : retention
    }

    /// An HTTP header name: RFC 9110's token.
    private static func isToken(_ name: String) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || "!#$%&'*+-.^_`|~".unicodeScalars.contains($0)
            }
    }
}
