import ArgumentParser
import FeedStore
import Foundation

/// `feedwatch tail`: newly stored stories as they arrive, like `tail -f` on the store.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Follow newly stored stories, like tail -f.",
        discussion: """
            Prints the last 10 stories stored (--lines), oldest first, or with --since every story stored \
            since then; then looks at the store every --interval and prints each story stored since, once. A \
            new revision of a story already printed is not printed again. The store is opened read-only, so \
            tail runs beside the daemon.

            --format text (the default): the time first seen (UTC), source, title and link, two spaces apart:
              2026-11-28T18:00:00Z  world  Harbour reopens  https://example.org/harbour
            --format json: one JSON object a line, as `feedwatch items --json` prints them.

            Runs until interrupted (Ctrl-C, SIGINT or SIGTERM). Exit status: 66 no store at the path; 1 the \
            store could not be read; 64 bad arguments.
            """
    )

    /// Output formats.
    enum Format: String, ExpressibleByArgument {
        case text, json
    }

    @OptionGroup var location: StoreLocation
    @Option(help: "Only stories from this source (its name in the config).") var source: String?
    @Option(help: "text or json.") var format: Format = .text
    @Option(help: "Start with every story stored at or after this time (2024-05-01 or ISO 8601).") var since: String?
    @Option(name: [.short, .long], help: "How many stored stories to print before following (without --since).")
    var lines = 10
    @Option(help: "How often to look for new stories: 1s, 500ms, 2m.") var interval = PollInterval(.seconds(1))

    /// Rows read per query, so a long backlog (--since last year) is printed in bounded memory.
    static let pageSize = 500

    func validate() throws {
        guard lines >= 0 else { throw ValidationError("--lines must be 0 or more") }
        if let since { _ = try parseTime(since) }
    }

    func run() async throws {
        var output = StandardOutput()
        var last: Int64 = 0
        var store: FeedStore?
        try reportingStoreErrors {
            let opened = try location.open()
            store = opened
            if let since {
                last = try printNew(opened, after: 0, since: try parseTime(since), &output)
            } else {
                // The newest by time, at least one even for --lines 0, so following starts after them.
                let newest = try opened.items(ItemQuery(source: source, limit: max(lines, 1)))
                for item in newest.prefix(lines).reversed() { output.line(line(item)) }
                last = newest.map(\.id).max() ?? 0
            }
            output.flush()
        }
        guard let store else { return }
        while true {
            try await Task.sleep(for: interval.duration)
            try reportingStoreErrors {
                last = try printNew(store, after: last, since: nil, &output)
                output.flush()
            }
        }
    }

    /// Prints every story after id `last`, a page at a time; returns the id of the last one printed.
    private func printNew(
        _ store: FeedStore,
        after last: Int64,
        since: Date?,
        _ output: inout StandardOutput
    )
        throws(StoreError) -> Int64
    {
        var last = last
        while true {
            let page = try store.items(after: last, ItemQuery(source: source, since: since, limit: Self.pageSize))
            for item in page { output.line(line(item)) }
            last = page.last?.id ?? last
            if page.count < Self.pageSize { return last }
        }
    }

    private func line(_ item: StoredItem) -> String {
        switch format {
        case .json:
            return item.jsonLine
        case .text:
            // One story a line, whatever its title holds: grep and awk read this.
            let title = (item.title ?? item.identity).split(whereSeparator: \.isNewline).joined(separator: " ")
            return [item.firstSeen.formatted(.iso8601), item.source, title, item.link ?? ""]
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}

/// `--interval`: a positive duration written as `1s`, `500ms`, `2m` or plain seconds (`0.5`).
struct PollInterval: ExpressibleByArgument {
    let duration: Duration

    init(_ duration: Duration) {
        self.duration = duration
    }

    init?(argument: String) {
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        let unit = units.first { text.hasSuffix($0.suffix) && Double(text.dropLast($0.suffix.count)) != nil }
        guard let number = Double(unit.map { String(text.dropLast($0.suffix.count)) } ?? text),
            number.isFinite, number > 0
        else { return nil }
        duration = .milliseconds(max(1, Int64((number * (unit?.seconds ?? 1) * 1000).rounded())))
    }

    var defaultValueDescription: String {
        let (seconds, attoseconds) = duration.components
        return attoseconds == 0 ? "\(seconds)s" : "\(Double(seconds) + Double(attoseconds) / 1e18)s"
    }
}
