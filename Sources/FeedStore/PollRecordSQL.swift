import Foundation
import GRDB

/// The two statements that record polls: the source row's new state and the fetch-log row. Each takes any number
/// of polls at once (one row of values each), so a single poll and a batch of itemless polls share one definition
/// of what a poll does to its source.
enum PollRecordSQL {
    /// Polls per statement: 23 values a poll stays under SQLite's oldest limit of 999 bound values.
    static let maximumRows = 32

    /// How many of `remaining` polls to record in the next statement: a power of two, so that a connection
    /// prepares six statements of each kind rather than one for every batch size it meets.
    static func rowsPerStatement(_ remaining: Int) -> Int {
        var rows = 1
        while rows * 2 <= min(remaining, maximumRows) { rows *= 2 }
        return rows
    }

    /// The values ``update(rows:)`` takes for each poll, in order.
    private static let updateValues = [
        "name", "url", "keep_validators", "etag", "last_modified", "body_hash", "failed", "next_poll_at", "status",
        "error", "at", "stored", "moved_to", "has_schedule", "health", "next_poll_reason", "redirect_target",
        "redirect_streak", "hints", "failures_since", "new", "revised", "duplicate",
    ]

    /// Updates the sources named in the rows and returns, for each, ``SourceState``'s columns (by index, as
    /// ``SourceState/init(_:)`` reads them), then the source's id, then its tags as a JSON array.
    ///
    /// Validators and the body hash change only on success: after a failure the next poll must still send
    /// what the server last gave. A 304 keeps them unless it carried new ones.
    static func update(rows: Int) -> String {
        """
        WITH v(\(updateValues.joined(separator: ", "))) AS (VALUES \(placeholders(rows: rows, values: updateValues.count)))
        UPDATE source SET
            url = v.url,
            etag = CASE WHEN v.keep_validators THEN source.etag ELSE v.etag END,
            last_modified = CASE WHEN v.keep_validators THEN source.last_modified ELSE v.last_modified END,
            body_hash = CASE WHEN v.body_hash IS NULL OR v.failed THEN source.body_hash ELSE v.body_hash END,
            next_poll_at = v.next_poll_at,
            failure_streak = CASE WHEN v.failed THEN source.failure_streak + 1 ELSE 0 END,
            last_status = v.status,
            last_error = v.error,
            last_polled_at = v.at,
            last_success_at = CASE WHEN v.failed THEN source.last_success_at ELSE v.at END,
            last_new_item_at = CASE WHEN v.stored > 0 THEN v.at ELSE source.last_new_item_at END,
            moved_to = COALESCE(v.moved_to, source.moved_to),
            moved_from = CASE WHEN v.moved_to IS NULL THEN source.moved_from ELSE COALESCE(source.moved_from, v.url) END,
            health = CASE WHEN v.has_schedule THEN v.health ELSE source.health END,
            next_poll_reason = CASE WHEN v.has_schedule THEN v.next_poll_reason ELSE source.next_poll_reason END,
            redirect_target = CASE WHEN v.has_schedule THEN v.redirect_target ELSE source.redirect_target END,
            redirect_streak = CASE WHEN v.has_schedule THEN v.redirect_streak ELSE source.redirect_streak END,
            hints = COALESCE(v.hints, source.hints),
            failures_since = CASE WHEN v.has_schedule THEN v.failures_since ELSE source.failures_since END,
            polls_ok = source.polls_ok + (v.status IS NOT NULL AND v.status BETWEEN 200 AND 299 AND v.error IS NULL),
            polls_not_modified = source.polls_not_modified + (v.status IS 304),
            polls_failed = source.polls_failed + (v.error IS NOT NULL OR v.status IS NULL OR v.status >= 400),
            last_new = v.new,
            last_revised = v.revised,
            last_duplicate = v.duplicate
        FROM v WHERE source.name = v.name
        RETURNING \(SourceState.returningColumns), id,
            (SELECT json_group_array(tag) FROM source_tag WHERE source_tag.source_id = source.id)
        """
    }

    /// Where ``update(rows:)`` returns the source's id and its tags.
    static let returnedID = 22
    static let returnedTags = 23

    /// The poll's values for ``update(rows:)``, each already a `DatabaseValue`: a batch binds hundreds, and
    /// GRDB's converting other types one by one cost more than SQLite's binding them.
    static func updateArguments(_ poll: PollResult, counts: IngestCounts) -> [(any DatabaseValueConvertible)?] {
        let fetch = poll.fetch
        let schedule = poll.schedule
        let keepValidators = fetch.failed || (fetch.notModified && fetch.etag == nil && fetch.lastModified == nil)
        return [
            poll.sourceName.databaseValue, poll.sourceURL.databaseValue, keepValidators.databaseValue,
            value(fetch.etag), value(fetch.lastModified), value(fetch.bodyHash), fetch.failed.databaseValue,
            value(poll.nextPollAt?.timeIntervalSince1970), value(fetch.status), value(fetch.error),
            poll.fetchedAt.timeIntervalSince1970.databaseValue, (counts.new + counts.nearDuplicate).databaseValue,
            value(fetch.movedTo), (schedule != nil).databaseValue, value(schedule?.health),
            value(schedule?.nextPollReason), value(schedule?.redirectTarget), value(schedule?.redirectStreak),
            value(schedule?.hints), value(schedule?.failuresSince?.timeIntervalSince1970), counts.new.databaseValue,
            counts.revised.databaseValue, counts.duplicate.databaseValue,
        ]
    }

    private static let logColumns = [
        "source_id", "fetched_at", "url", "status", "etag", "last_modified", "body_hash", "bytes", "duration_ms",
        "error", "items", "new", "revised", "duplicate", "near_duplicate",
    ]

    /// Appends one fetch-log row a poll.
    static func insertLog(rows: Int) -> String {
        "INSERT INTO fetch_log (\(logColumns.joined(separator: ", "))) VALUES "
            + placeholders(rows: rows, values: logColumns.count)
    }

    /// The poll's values for ``insertLog(rows:)``.
    static func logArguments(_ poll: PollResult, sourceID: Int64, counts: IngestCounts) -> [(any DatabaseValueConvertible)?] {
        let fetch = poll.fetch
        let milliseconds = Double(fetch.duration.components.seconds) * 1000
            + Double(fetch.duration.components.attoseconds) / 1e15
        return [
            sourceID.databaseValue, poll.fetchedAt.timeIntervalSince1970.databaseValue, poll.sourceURL.databaseValue,
            value(fetch.status), value(fetch.etag), value(fetch.lastModified), value(fetch.bodyHash),
            fetch.bytes.databaseValue, milliseconds.databaseValue, value(fetch.error), poll.items.count.databaseValue,
            counts.new.databaseValue, counts.revised.databaseValue, counts.duplicate.databaseValue,
            counts.nearDuplicate.databaseValue,
        ]
    }

    private static func value(_ optional: (some DatabaseValueConvertible)?) -> DatabaseValue {
        optional?.databaseValue ?? .null
    }

    private static func placeholders(rows: Int, values: Int) -> String {
        let row = "(" + Array(repeating: "?", count: values).joined(separator: ", ") + ")"
        return Array(repeating: row, count: rows).joined(separator: ", ")
    }
}
