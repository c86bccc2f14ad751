import ArgumentParser
import FeedWatch
import Foundation

/// `--config PATH`, shared by the commands that read the config file.
struct ConfigLocation: ParsableArguments {
    /// Where the systemd unit has the daemon read its config.
    static let defaultPath = "/etc/feedwatch/feedwatch.toml"

    /// EX_CONFIG from sysexits.h: "fix the configuration", as systemd and scripts read it.
    static let exitCode = ExitCode(78)

    @Option(
        help: ArgumentHelp(
            "The config file.",
            discussion: "Default: $FEEDWATCH_CONFIG if set, else \(ConfigLocation.defaultPath).",
            valueName: "path"
        )
    )
    var config: String?

    /// `--config`, else `$FEEDWATCH_CONFIG`, else the default path.
    var path: String {
        config ?? environmentPath ?? Self.defaultPath
    }

    private var environmentPath: String? {
        ProcessInfo.processInfo.environment["FEEDWATCH_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The config, read and validated; when it is wrong, one line on stderr naming file, line and key, and exit
    /// status 78.
    func load() throws -> Config {
        do {
            return try ConfigLoader.load(path: path)
        } catch {
            var line = error.description
            // A missing file that nobody named is most often a missing --config: say where the path came from.
            if error.kind == .unreadable, config == nil {
                line +=
                    environmentPath == nil
                    ? " (the default; pass --config PATH or set FEEDWATCH_CONFIG)" : " (from $FEEDWATCH_CONFIG)"
            }
            CommandIO.printError(line)
            throw Self.exitCode
        }
    }
}
