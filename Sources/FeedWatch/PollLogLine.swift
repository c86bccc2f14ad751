import FeedStore
import Foundation

/// The one summary line each poll writes, with DESIGN.md's stable keys (`source`, `url`, `status`, `bytes`,
/// `ms`, `new`, `revised`, `dup`, `not_modified`, `error`) and when the next poll is and why.
enum PollLogLine {
    static func record(
        _ completion: PollCompletion,
        counts: IngestCounts?,
        storeError: StoreError?,
        nextPollAt: Date,
        nextReason: String,
        health: SourceHealth
    ) -> LogRecord {
        let draft = completion.draft
        let fetch = draft.fetch
        let milliseconds =
            Double(fetch.duration.components.seconds) * 1000
            + Double(fetch.duration.components.attoseconds) / 1e15
        let error = storeError.map { "store: \($0)" } ?? draft.failure
        let level: DaemonConfig.LogLevel = storeError != nil ? .error : (error != nil ? .warning : .info)
        let reextracted = counts?.reextracted ?? 0
        // Built in place, nil values left out here: a line per poll, thousands a minute.
        var fields: [(key: String, value: LogValue)] = []
        fields.reserveCapacity(17)
        fields.append(("source", .string(draft.source)))
        fields.append(("url", .string(draft.address)))
        if let status = fetch.status { fields.append(("status", .int(status))) }
        fields.append(("bytes", .int(fetch.bytes)))
        fields.append(("ms", .int(Int(milliseconds.rounded()))))
        fields.append(("items", .int(draft.items.count + draft.unchangedEntries)))
        fields.append(("new", .int(counts?.new ?? 0)))
        fields.append(("revised", .int(counts?.revised ?? 0)))
        fields.append(("dup", .int((counts?.duplicate ?? 0) + draft.unchangedEntries)))
        fields.append(("near_dup", .int(counts?.nearDuplicate ?? 0)))
        if reextracted > 0 { fields.append(("reextracted", .int(reextracted))) }
        fields.append(("not_modified", .bool(draft.unchanged)))
        if let error { fields.append(("error", .string(error))) }
        if !draft.warnings.isEmpty { fields.append(("warnings", .int(draft.warnings.count))) }
        fields.append(("health", .string(health.rawValue)))
        fields.append(("next_poll", .string(LogSink.timestamp(nextPollAt))))
        fields.append(("next_reason", .string(nextReason)))
        return LogRecord(level, "poll", fields: fields)
    }
}
