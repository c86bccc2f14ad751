import Foundation

/// Counters between two stats lines, and the live figures `STATUS=` reports.
struct DaemonStats {
    var polls = 0
    var ok200 = 0
    var notModified = 0
    var failures = 0
    var stored = 0
    var since = Date()

    /// The periodic stats line: sources by health, items stored per minute, 200 vs 304 counts.
    func record(health: [SourceHealth: Int], sources: Int, now: Date) -> LogRecord {
        let minutes = max(now.timeIntervalSince(since) / 60, 1.0 / 60)
        return LogRecord(
            .info,
            "stats",
            [
                ("sources", .int(sources)),
                ("healthy", .int(health[.healthy] ?? 0)),
                ("backing_off", .int(health[.backingOff] ?? 0)),
                ("failing", .int(health[.failing] ?? 0)),
                ("polls", .int(polls)),
                ("status_200", .int(ok200)),
                ("status_304", .int(notModified)),
                ("errors", .int(failures)),
                ("stored", .int(stored)),
                ("items_per_min", .double((Double(stored) / minutes * 10).rounded() / 10)),
            ]
        )
    }
}
