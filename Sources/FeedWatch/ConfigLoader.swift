import FeedCore
public import Foundation
import TOMLKit

/// Reads a feedwatch TOML config file into a validated ``Config``, or says in one line what is wrong and where.
///
/// Every key is checked: an unknown key is an error (with a "did you mean" when it looks like a typo), as is a value
/// of the wrong type or out of range. `${NAME}` in header values and `user_agent` is replaced by the environment
/// variable NAME (`$${` writes a literal `${`). Relative paths (`store`, `ca_bundle`, a source's `path`) are relative
/// to the config file's directory.
public enum ConfigLoader {
    /// The config in the file at `path`; messages name the file as `path` is written.
    public static func load(
        path: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> Config {
        let text = try read(path)
        return try parse(text, file: path, directory: ConfigPath.directory(of: path), environment: environment)
    }

    /// The config in `text`; `file` names it in messages, `directory` anchors its relative paths.
    public static func parse(
        _ text: String,
        file: String,
        directory: String,
        environment: [String: String]
    ) throws(ConfigError) -> Config {
        let parse = ConfigTOMLParse(text)
        let root: TOMLTable
        do {
            root = try parse.root.get()
        } catch let error as TOMLParseError {
            throw ConfigError(
                .syntax,
                file: file,
                line: error.source.begin.line,
                message:
                    "invalid TOML at column \(error.source.begin.column): \(Self.lowercasingFirst(error.description))"
            )
        } catch {
            throw ConfigError(.syntax, file: file, message: "invalid TOML: \(error)")
        }
        let index = parse.index
        let top = ConfigTableReader(table: root, path: [], label: nil, keyPrefix: "", file: file, index: index)
        for key in top.keys where key != "daemon" && key != "source" {
            throw top.unknownKey(key, known: ["daemon", "source"], note: placement(of: key))
        }

        var daemon = DaemonConfig()
        daemon.storePath = ConfigPath.resolve(daemon.storePath, against: directory)
        var daemonReader: ConfigTableReader?
        if top.has("daemon") {
            let reader = try top.subtable("daemon", expected: "a [daemon] table", label: "[daemon]")
            daemon = try ConfigDaemonTable.read(reader, directory: directory, environment: environment)
            daemonReader = reader
        }

        var sources: [SourceConfig] = []
        if top.has("source") {
            let value = root["source"]
            guard let value, value.type == .array, let array = value.array else {
                throw top.error(
                    .wrongType,
                    "source",
                    "expected [[source]] tables (double brackets: one [[source]] per source), got "
                        + (value?.type == .table ? "a single [source] table" : top.describe(value))
                )
            }
            let trailing = parse.trailing?["source"]?.array
            var tables: [TOMLTable] = []
            tables.reserveCapacity(array.count + (trailing?.count ?? 0))
            for element in [array, trailing].compactMap({ $0 }).joined() {
                guard element.type == .table, let table = element.table else {
                    throw top.error(
                        .wrongType,
                        "source",
                        "expected [[source]] tables, got \(top.describe(element)) in the array"
                    )
                }
                tables.append(table)
            }
            let shared = SourceTables(tables: tables, daemonReader: daemonReader, file: file, index: index)
            let daemon = daemon
            // Each table reads on its own, and a config may have thousands: half on each core. A worker stops at
            // its first error; the results are then taken in file order, so the error reported is the first.
            let workers = tables.count >= 256 ? 2 : 1
            let bounds = [0, tables.count / workers, tables.count]
            let halves = ResultSlots<[Result<SourceConfig, ConfigError>]>(count: workers)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var results: [Result<SourceConfig, ConfigError>] = []
                for position in bounds[worker]..<bounds[worker + 1] {
                    let result = Result { () throws(ConfigError) -> SourceConfig in
                        try ConfigSourceTable.read(
                            shared.reader(position),
                            number: position + 1,
                            daemon: daemon,
                            daemonReader: shared.daemonReader,
                            directory: directory,
                            environment: environment
                        )
                    }
                    results.append(result)
                    if case .failure = result { break }
                }
                halves.store(results, at: worker)
            }
            var lines: [String: Int] = [:]
            lines.reserveCapacity(tables.count)
            sources.reserveCapacity(tables.count)
            for (position, result) in halves.collect().joined().enumerated() {
                let source = try result.get()
                if let first = lines[source.name] {
                    let named =
                        shared.reader(position).has("name") ? "" : " (taken from its \(source.location.keyName))"
                    throw ConfigError(
                        .duplicateName,
                        file: file,
                        line: index.line(of: ["source", .element(position), "name"]) ?? source.line,
                        table: "source '\(source.name)'",
                        key: "name",
                        message: "'\(source.name)'\(named) is also the name of the source at line \(first); "
                            + "give one of them another name = \"…\""
                    )
                }
                lines[source.name] = source.line
                sources.append(source)
            }
        }
        guard !sources.isEmpty else {
            throw ConfigError(
                .noSources,
                file: file,
                message: "no [[source]] tables: add one, such as [[source]] with url = "
                    + "\"https://example.com/feed.xml\""
            )
        }
        return Config(file: file, daemon: daemon, sources: sources)
    }

    /// toml++ writes "Error while parsing …"; in the middle of our line it reads better in lower case.
    private static func lowercasingFirst(_ text: String) -> String {
        text.prefix(1).lowercased() + text.dropFirst()
    }

    /// Where a top-level key belongs, when it is a key of `[daemon]` or `[[source]]` written above both.
    private static func placement(of key: String) -> String? {
        if ConfigDaemonTable.keys.contains(key) { return "\(key) belongs in the [daemon] table" }
        if ConfigSourceTable.keys.contains(key) { return "\(key) belongs in a [[source]] table" }
        return nil
    }

    /// The text of the file at `path`, or why it cannot be read, in the words of `ls` rather than Foundation's.
    private static func read(_ path: String) throws(ConfigError) -> String {
        func unreadable(_ reason: String) -> ConfigError {
            ConfigError(.unreadable, file: path, message: "cannot read: \(reason)")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw unreadable("no such file")
        }
        guard !isDirectory.boolValue else { throw unreadable("it is a directory") }
        guard FileManager.default.isReadableFile(atPath: path), let data = FileManager.default.contents(atPath: path)
        else {
            throw unreadable("permission denied")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw unreadable("not UTF-8 text") }
        // Editors on Windows may start the file with a byte-order mark; it is no part of the first key.
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }
}

/// The `[[source]]` tables and the `[daemon]` reader, handed to the workers that read the sources.
// @unchecked Sendable: TOMLKit's tables are classes over toml++ nodes that nothing mutates once parsed; the
// workers only look keys up (const reads), and the loader holds the parsed root until both have returned.
private struct SourceTables: @unchecked Sendable {
    let tables: [TOMLTable]
    let daemonReader: ConfigTableReader?
    let file: String
    let index: ConfigLineIndex

    /// The reader of the `position`th (0-based) table.
    func reader(_ position: Int) -> ConfigTableReader {
        ConfigTableReader(
            table: tables[position],
            path: ["source", .element(position)],
            label: nil,
            keyPrefix: "",
            file: file,
            index: index
        )
    }
}

extension SourceConfig.Location {
    /// The key that sets it: `url` or `path`.
    var keyName: String {
        switch self {
        case .url: "url"
        case .path: "path"
        }
    }
}
