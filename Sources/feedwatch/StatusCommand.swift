import ArgumentParser
import FeedStore
import FeedWatch
import Foundation

/// `feedwatch status`: every source's health at a glance.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract:
            "Show every source: health, last poll and its result, last success, last new item, next poll and why.",
        discussion: """
            Columns: SOURCE; HEALTH (healthy, backing_off, failing — failing sources are still polled, at \
            backoff_max); LAST POLL (how long ago) and RESULT (HTTP status, 304, or the error); LAST OK; \
            LAST NEW (when a poll last stored a new story: a source that stopped publishing shows here); \
            ITEMS (stories stored); NEXT (time until the next poll) and WHY (\(StatusCommand.reasons)); 200/304 (polls \
            answered with content / not modified). With --config, a source of the config the store has no poll \
            of yet is listed too, as not_polled. Reads the store only; safe while the daemon runs.

            Exit status: 0 ok; 66 no store at the path; 1 the store could not be read.
            """
    )

    /// The WHY column's values, from the engine's own list so that the help cannot fall behind it.
    static let reasons = NextPollReason.allCases.map(\.rawValue).joined(separator: ", ")

    @OptionGroup var location: StoreLocation
    @Flag(help: "Print one JSON object a line instead of the table.") var json = false

    func run() throws {
        try reportingStoreErrors {
            let (store, configured) = try location.openWithSources()
            let summaries = try store.sourceSummaries()
            let polled = Set(summaries.map(\.state.name))
            let unpolled = (configured ?? []).filter { !polled.contains($0.name) }
            var output = StandardOutput()
            if json {
                for summary in summaries { output.line(Self.jsonLine(summary)) }
                for source in unpolled { output.line(Self.jsonLine(unpolled: source)) }
            } else {
                for line in Self.table(summaries, unpolled: unpolled, now: Date()) { output.line(line) }
            }
            output.flush()
        }
    }

    /// The table, a row per stored source and then one per configured source not polled yet (`unpolled`).
    static func table(_ summaries: [SourceSummary], unpolled: [SourceConfig] = [], now: Date) -> [String] {
        let header = [
            "SOURCE", "HEALTH", "LAST POLL", "RESULT", "LAST OK", "LAST NEW", "ITEMS", "NEXT", "WHY", "200", "304",
        ]
        var rows = [header]
        for summary in summaries {
            let state = summary.state
            let result = state.lastError.map { String($0.prefix(40)) } ?? state.lastStatus.map(String.init) ?? "-"
            rows.append([
                state.name, state.schedule.health, age(state.lastPolledAt, now), result, age(state.lastSuccessAt, now),
                age(state.lastNewItemAt, now), String(summary.items),
                state.nextPollAt.map { $0 <= now ? "due" : "in " + duration($0.timeIntervalSince(now)) } ?? "-",
                state.schedule.nextPollReason ?? "-", String(summary.status200), String(summary.status304),
            ])
        }
        for source in unpolled {
            rows.append([
                source.name, "not_polled", "never", "-", "never", "never", "0", "due", "not polled yet", "0", "0",
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }

    static func age(_ date: Date?, _ now: Date) -> String {
        guard let date else { return "never" }
        return duration(now.timeIntervalSince(date)) + " ago"
    }

    /// "45s", "12m", "3h05m", "2d04h": short enough for a column.
    static func duration(_ seconds: TimeInterval) -> String {
        let total = Int(max(0, seconds).rounded())
        switch total {
        case ..<60: return "\(total)s"
        case ..<3600: return "\(total / 60)m"
        case ..<86400: return String(format: "%dh%02dm", total / 3600, total % 3600 / 60)
        default: return String(format: "%dd%02dh", total / 86400, total % 86400 / 3600)
        }
    }

    /// The JSON line of a configured source the store has no poll of: the keys of ``jsonLine(_:)``, unknown ones null.
    static func jsonLine(unpolled source: SourceConfig) -> String {
        "{\"source\":" + JSONText.quoted(source.name) + ",\"url\":" + JSONText.quoted(source.address)
            + ",\"health\":\"not_polled\",\"failure_streak\":0,\"last_polled_at\":null,\"last_status\":null,"
            + "\"last_error\":null,\"last_success_at\":null,\"last_new_item_at\":null,\"items\":0,\"next_poll_at\":null,"
            + "\"next_reason\":null,\"status_200\":0,\"status_304\":0,\"failures\":0,\"moved_to\":null}"
    }

    static func jsonLine(_ summary: SourceSummary) -> String {
        let state = summary.state
        func time(_ date: Date?) -> String { date.map { JSONText.quoted($0.formatted(.iso8601)) } ?? "null" }
        func text(_ value: String?) -> String { value.map(JSONText.quoted) ?? "null" }
        let fields = [
            "\"source\":" + JSONText.quoted(state.name), "\"url\":" + JSONText.quoted(state.url),
            "\"health\":" + JSONText.quoted(state.schedule.health), "\"failure_streak\":\(state.failureStreak)",
            "\"last_polled_at\":" + time(state.lastPolledAt),
            "\"last_status\":" + (state.lastStatus.map(String.init) ?? "null"),
            "\"last_error\":" + text(state.lastError), "\"last_success_at\":" + time(state.lastSuccessAt),
            "\"last_new_item_at\":" + time(state.lastNewItemAt), "\"items\":\(summary.items)",
            "\"next_poll_at\":" + time(state.nextPollAt), "\"next_reason\":" + text(state.schedule.nextPollReason),
            "\"status_200\":\(summary.status200)", "\"status_304\":\(summary.status304)",
            "\"failures\":\(summary.failures)",
            "\"moved_to\":" + text(state.movedTo),
        ]
        return "{" + fields.joined(separator: ",") + "}"
    }
}
