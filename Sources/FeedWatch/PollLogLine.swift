import FeedStore
import Foundation

/// The one summary line each poll writes, with DESIGN.md's stable keys (`source`, `url`, `status`, `bytes`,
/// `ms`, `new`, `revised`, `dup`, `not_modified`, `error`) and when the next poll is and why.
enum PollLogLine {
    static func record(
        _ completion: PollCompletion, counts: IngestCounts?, storeError: StoreError?, nextPollAt: Date,
        nextReason: String, health: SourceHealth
    ) -> LogRecord {
        let draft = completion.draft
        let fetch = draft.fetch
        let milliseconds = Double(fetch.duration.components.seconds) * 1000
            + Double(fetch.duration.components.attoseconds) / 1e15
        let error = storeError.map { "store: \($0)" } ?? draft.failure
        let level: DaemonConfig.LogLevel = storeError != nil ? .error : (error != nil ? .warning : .info)
        let reextracted = counts?.reextracted ?? 0
        // One array literal, not three appended: a line per poll, thousands a minute.
        let fields: [(String, LogValue?)] = [
            ("source", .string(draft.source)),
            ("url", .string(draft.address)),
            ("status", fetch.status.map { LogValue.int($0) }),
            ("bytes", .int(fetch.bytes)),
            ("ms", .int(Int(milliseconds.rounded()))),
            ("items", .int(draft.items.count + draft.unchangedEntries)),
            ("new", .int(counts?.new ?? 0)),
            ("revised", .int(counts?.revised ?? 0)),
            ("dup", .int((counts?.duplicate ?? 0) + draft.unchangedEntries)),
            ("near_dup", .int(counts?.nearDuplicate ?? 0)),
            ("reextracted", reextracted > 0 ? LogValue.int(reextracted) : nil),
            ("not_modified", .bool(draft.unchanged)),
            ("error", error.map { LogValue.string($0) }),
            ("warnings", draft.warnings.isEmpty ? nil : LogValue.int(draft.warnings.count)),
            ("health", .string(health.rawValue)),
            ("next_poll", .string(LogSink.timestamp(nextPollAt))),
            ("next_reason", .string(nextReason)),
        ]
        return LogRecord(level, "poll", fields)
    }
}
