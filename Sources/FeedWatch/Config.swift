internal import Foundation

/// A whole config file: the daemon's settings and its sources, validated.
public struct Config: Sendable, Hashable {
    /// The file it was read from (for messages), or a label such as `<string>`.
    public var file: String
    /// The `[daemon]` table with defaults filled in.
    public var daemon: DaemonConfig
    /// The `[[source]]` tables, in file order; names are unique.
    public var sources: [SourceConfig]

    /// Creates a config.
    public init(file: String, daemon: DaemonConfig = DaemonConfig(), sources: [SourceConfig] = []) {
        self.file = file
        self.daemon = daemon
        self.sources = sources
    }
}
