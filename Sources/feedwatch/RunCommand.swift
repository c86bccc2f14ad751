import ArgumentParser
import FeedFetch
import FeedStore
import FeedWatch
import Foundation

/// `feedwatch run`: the daemon.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon: poll every source when its schedule says, store what is new, log each poll.",
        discussion: """
            Logs one JSON object per line on stdout (text on a terminal, or with log_format = "text"): one \
            "poll" line per poll, event lines for health transitions and moves, a "stats" line every \
            stats_interval. Under systemd (Type=notify) it sends READY=1 once the config and the store are \
            open, STATUS= after each poll, WATCHDOG=1 when WatchdogSec is set, RELOADING=1 on SIGHUP and \
            STOPPING=1 on SIGTERM.

            Signals: SIGHUP reloads the config (a bad file is logged, STATUS= says the reload failed, and the \
            old config keeps running; log_level applies at once, the "reloaded" line's restart_needed names \
            the changed settings that need a restart); SIGTERM and SIGINT stop: no new polls, those in flight \
            get shutdown_timeout to finish, then are cancelled with nothing of them committed. Not \
            time-limited, each finishing whole: a commit batch already under way, the final checkpoint and \
            the fetcher's shutdown.

            Exit status: 0 after a graceful stop, 78 for a bad config, 74 when the store cannot be opened.
            """
    )

    @OptionGroup var config: ConfigLocation

    func run() async throws {
        let loaded = try config.load()
        let log = LogSink(format: loaded.daemon.logFormat, level: loaded.daemon.logLevel)
        let signals = SignalEvents()
        let notifier = SystemdNotifier()
        let store = try DaemonSetup.openStore(loaded, log: log)
        let fetcher = Fetcher(configuration: Daemon.fetcherConfiguration(loaded.daemon))
        let daemon = Daemon(config: loaded, store: store, fetcher: fetcher, log: log)
        daemon.onStatus = { notifier.status($0) }
        let control = daemon.control
        let configLocation = config
        let signalTask = Task {
            for await event in signals.events {
                switch event {
                case .stop(let number):
                    notifier.stopping()
                    log.log(.info, "signal", [("signal", .string(number == SIGTERM ? "SIGTERM" : "SIGINT"))])
                    control.stop()
                case .reload:
                    notifier.reloading()
                    do {
                        control.reload(try ConfigLoader.load(path: configLocation.path))
                        notifier.ready(status: "config reloaded")
                    } catch {
                        log.log(
                            .error,
                            "reload failed: the old config keeps running",
                            [
                                ("error", .string("\(error)")), ("config", .string(configLocation.path)),
                            ]
                        )
                        // READY=1 all the same: systemd leaves the reloading state only on it, and the daemon
                        // is running (the old config); STATUS= is what `systemctl status` shows the operator.
                        notifier.ready(status: Self.failedReloadStatus(error))
                    }
                }
            }
        }
        let watchdogTask = SystemdNotifier.watchdogInterval().map { interval in
            Task {
                while !Task.isCancelled {
                    notifier.watchdog()
                    try? await Task.sleep(for: interval)
                }
            }
        }
        notifier.ready(status: "\(loaded.sources.count) sources")
        do {
            try await daemon.run()
        } catch {
            log.log(.error, "store failed", [("error", .string(error.description))])
            throw ExitCode(74)
        }
        signalTask.cancel()
        watchdogTask?.cancel()
        await fetcher.shutdown(cancellingInFlight: true)
    }

    /// The `STATUS=` after a reload that failed: says so and why, on one line (a newline would end the
    /// assignment in the notify datagram).
    static func failedReloadStatus(_ error: any Error) -> String {
        let reason = "\(error)".split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return "reload failed, the old config keeps running: " + reason.prefix(200)
    }
}

/// What `run`, `once` and `test` share: opening the store the config names.
enum DaemonSetup {
    /// Opens (creating if needed) the config's store; a failure is logged and exits 74 (EX_IOERR).
    static func openStore(_ config: Config, log: LogSink) throws -> FeedStore {
        do {
            return try FeedStore(path: config.daemon.storePath)
        } catch {
            log.log(.error, "cannot open the store", [("error", .string(error.description))])
            CommandIO.printError(error.description)
            throw ExitCode(74)
        }
    }
}
