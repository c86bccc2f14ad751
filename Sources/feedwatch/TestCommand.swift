import ArgumentParser
import FeedFetch
import FeedStore
import FeedWatch
import Foundation

/// `feedwatch test NAME`: poll one source with every decision traced, writing nothing.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Poll one source and trace every decision, without writing the store.",
        discussion: """
            Prints the request and the validators sent, the status and redirects, whether the poll ended as \
            unchanged, the extraction result of a page source or of each full_text entry's page (its title, \
            the length of its text in characters and the text's first 200 characters), each item's verdict \
            (new, revised, duplicate, sighting, near_duplicate, reextracted, pruned) and why, and when the \
            next poll would be. The verdicts come from the store's own ingest, run in a transaction that is \
            rolled back. Safe while the daemon runs (it waits for the write lock for a moment).

            Exit status: 0 the poll succeeded; 1 it failed; 64 no such source; 78 bad config.
            """
    )

    @OptionGroup var config: ConfigLocation
    @Argument(help: "The source's name in the config.") var name: String

    func run() async throws {
        let loaded = try config.load()
        guard let source = loaded.sources.first(where: { $0.name == name }) else {
            let names = loaded.sources.map(\.name).joined(separator: ", ")
            CommandIO.printError("\(config.path): no source named '\(name)' (sources: \(names))")
            throw ExitCode(64)
        }
        // Without a store yet, a throwaway one answers "everything is new" just as an empty store would.
        var scratch: URL?
        let storePath: String
        if FileManager.default.fileExists(atPath: loaded.daemon.storePath) {
            storePath = loaded.daemon.storePath
        } else {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedwatch-test-\(getpid())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            scratch = directory
            storePath = directory.appendingPathComponent("store.sqlite").path
        }
        defer { if let scratch { try? FileManager.default.removeItem(at: scratch) } }
        let store: FeedStore
        do {
            store = try FeedStore(path: storePath)
        } catch {
            CommandIO.printError(error.description)
            throw ExitCode(74)
        }
        let fetcher = Fetcher(configuration: Daemon.fetcherConfiguration(loaded.daemon))
        let (lines, ok) = await SourceTrial(fetcher: fetcher, store: store, daemon: loaded.daemon).run(source)
        await fetcher.shutdown()
        print(lines.joined(separator: "\n"))
        if !ok { throw ExitCode.failure }
    }
}
