import ArgumentParser
import FeedStore
import FeedWatch
import Foundation

/// `--store PATH`, shared by the commands that read the store.
struct StoreLocation: ParsableArguments {
    /// Where the daemon keeps its store unless the config says otherwise.
    static let defaultPath = "/var/lib/feedwatch/feedwatch.sqlite"

    @Option(
        help: ArgumentHelp(
            "The store's SQLite file.",
            discussion: "Default: the store of --config if given, else $FEEDWATCH_STORE if set, else "
                + "\(StoreLocation.defaultPath)."
        )
    )
    var store: String?

    @Option(help: ArgumentHelp("Use the store this config file names.", valueName: "path"))
    var config: String?

    /// `--store`, else the `store` of `--config`, else `$FEEDWATCH_STORE`, else the default.
    func resolvedPath() throws -> String {
        resolvedPath(try storeConfig())
    }

    /// The store opened read-only: the CLI never changes it and may run while the daemon writes.
    func open() throws -> FeedStore {
        try open(path: resolvedPath())
    }

    /// The store, and the sources of `--config` when that is what names the store (no `--store`), the config
    /// read once.
    func openWithSources() throws -> (store: FeedStore, sources: [SourceConfig]?) {
        let config = try storeConfig()
        return (try open(path: resolvedPath(config)), config?.sources)
    }

    /// The config `--config` names, when it is what names the store.
    private func storeConfig() throws -> Config? {
        guard store == nil, let config else { return nil }
        do {
            return try ConfigLoader.load(path: config)
        } catch {
            CommandIO.printError(error.description)
            throw ConfigLocation.exitCode
        }
    }

    private func resolvedPath(_ config: Config?) -> String {
        store ?? config?.daemon.storePath ?? ProcessInfo.processInfo.environment["FEEDWATCH_STORE"] ?? Self.defaultPath
    }

    private func open(path: String) throws -> FeedStore {
        do {
            return try FeedStore(path: path, access: .readOnly)
        } catch {
            throw StoreCommandFailure(error)
        }
    }
}

/// A store error as the CLI reports it: one line on stderr and a meaningful exit status.
struct StoreCommandFailure: Error, CustomStringConvertible {
    let error: StoreError
    init(_ error: StoreError) { self.error = error }
    var description: String { error.description }

    /// 66 (EX_NOINPUT) for a missing store, 65 (EX_DATAERR) for a bad query, 1 otherwise.
    var exitCode: ExitCode {
        switch error {
        case .noStore, .cannotOpen: ExitCode(66)
        case .badSearchQuery: ExitCode(65)
        default: .failure
        }
    }
}

/// Runs a store command body, turning a ``StoreError`` into one line on stderr and an exit status.
func reportingStoreErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let failure as StoreCommandFailure {
        CommandIO.printError("\(failure)")
        throw failure.exitCode
    } catch let error as StoreError {
        CommandIO.printError("\(error)")
        throw StoreCommandFailure(error).exitCode
    }
}

/// Parses `--since`/`--until`: an ISO 8601 instant, or a day (`2024-05-01`, midnight UTC).
func parseTime(_ text: String) throws -> Date {
    if let date = try? Date(text, strategy: .iso8601) { return date }
    if let day = try? Date(text + "T00:00:00Z", strategy: .iso8601) { return day }
    throw ValidationError("'\(text)' is not a time: use 2024-05-01 or 2024-05-01T12:00:00Z")
}

/// Writes text to stdout through one buffer: `print` per line is slow for exports of millions of lines.
struct StandardOutput {
    private var buffer: [UInt8] = []

    mutating func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
