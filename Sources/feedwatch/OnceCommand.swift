import ArgumentParser
import FeedFetch
import FeedStore
import FeedWatch
import Foundation

/// `feedwatch once`: poll every source one time.
struct OnceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "once",
        abstract: "Poll every source once, store what is new, and exit.",
        discussion: """
            Politeness still applies (per-host limits and spacing). On a terminal a progress bar goes to \
            stderr and only warnings are logged; elsewhere every poll is logged on stdout as `run` does. A \
            summary goes to stderr at the end.

            Exit status: 0 when every source was polled successfully, 1 when any failed (each is listed), 78 \
            for a bad config, 74 when the store cannot be opened.
            """
    )

    @OptionGroup var config: ConfigLocation

    @Flag(help: "On a terminal too, log every poll and draw no progress bar.")
    var verbose = false

    func run() async throws {
        let loaded = try config.load()
        let terminal = isatty(STDERR_FILENO) == 1 && !verbose
        let level = terminal ? max(loaded.daemon.logLevel, DaemonConfig.LogLevel.warning) : loaded.daemon.logLevel
        let log = LogSink(format: loaded.daemon.logFormat, level: level)
        let store = try DaemonSetup.openStore(loaded, log: log)
        let fetcher = Fetcher(configuration: Daemon.fetcherConfiguration(loaded.daemon))
        let daemon = Daemon(config: loaded, store: store, fetcher: fetcher, log: log)
        let bar = terminal ? ProgressBar() : nil
        let summary: OnceSummary
        do {
            summary = try await daemon.once { done, total, source in bar?.draw(done: done, total: total, label: source)
            }
        } catch {
            CommandIO.printError(error.description)
            throw ExitCode(74)
        }
        bar?.finish()
        // Both wait on other threads (the store's fsyncs, libcurl closing its connections): one wait for both.
        async let fetcherStopped: Void = fetcher.shutdown()
        await daemon.checkpoint()
        await fetcherStopped
        var lines = [
            "polled \(summary.polled) of \(summary.sources) sources: \(summary.new) new, \(summary.revised) revised, "
                + "\(summary.duplicate) already stored, \(summary.notModified) unchanged; \(summary.failures.count) failed"
        ]
        lines += summary.failures.map { "  \($0.source): \($0.error)" }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        if !summary.failures.isEmpty { throw ExitCode.failure }
    }
}

/// A one-line progress bar on stderr, redrawn in place.
struct ProgressBar: Sendable {
    func draw(done: Int, total: Int, label: String) {
        let width = 30
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        let text = "\r[\(bar)] \(done)/\(total) \(label.prefix(30))"
        FileHandle.standardError.write(Data((text + "\u{1B}[K").utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
