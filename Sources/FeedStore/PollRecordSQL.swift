import Foundation

/// The statements that record a poll: the source row's new state, that state read back, and the fetch-log row.
/// Each takes one poll and runs once a poll, prepared once per connection (``PollStatements``).
///
/// One row a statement, rather than one statement for a batch of polls: SQLite runs an `UPDATE … FROM (VALUES …)`
/// and a `RETURNING` clause through temporary b-trees, built and torn down on every execution, which cost more
/// than the updates themselves.
enum PollRecordSQL {
    /// The values ``update`` takes, in the order ``bindUpdate(_:counts:to:)`` binds them.
    private static let updateValues = [
        "name", "url", "keep_validators", "etag", "last_modified", "body_hash", "failed", "next_poll_at", "status",
        "error", "at", "stored", "moved_to", "has_schedule", "health", "next_poll_reason", "redirect_target",
        "redirect_streak", "hints", "failures_since", "new", "revised", "duplicate",
    ]

    /// `value`'s numbered parameter in ``update``: each value is bound once, however often the SQL reads it.
    private static func v(_ value: String) -> String {
        guard let index = updateValues.firstIndex(of: value) else { preconditionFailure("no update value '\(value)'") }
        return "?\(index + 1)"
    }

    /// Updates the source named in the poll; a source not stored is left alone (no row changes).
    ///
    /// Validators and the body hash change only on success: after a failure the next poll must still send
    /// what the server last gave. A 304 keeps them unless it carried new ones.
    static let update = """
        UPDATE source SET
            url = \(v("url")),
            etag = CASE WHEN \(v("keep_validators")) THEN etag ELSE \(v("etag")) END,
            last_modified = CASE WHEN \(v("keep_validators")) THEN last_modified ELSE \(v("last_modified")) END,
            body_hash = CASE WHEN \(v("body_hash")) IS NULL OR \(v("failed")) THEN body_hash ELSE \(v("body_hash")) END,
            next_poll_at = \(v("next_poll_at")),
            failure_streak = CASE WHEN \(v("failed")) THEN failure_streak + 1 ELSE 0 END,
            last_status = \(v("status")),
            last_error = \(v("error")),
            last_polled_at = \(v("at")),
            last_success_at = CASE WHEN \(v("failed")) THEN last_success_at ELSE \(v("at")) END,
            last_new_item_at = CASE WHEN \(v("stored")) > 0 THEN \(v("at")) ELSE last_new_item_at END,
            moved_to = COALESCE(\(v("moved_to")), moved_to),
            moved_from = CASE WHEN \(v("moved_to")) IS NULL THEN moved_from ELSE COALESCE(moved_from, \(v("url"))) END,
            health = CASE WHEN \(v("has_schedule")) THEN \(v("health")) ELSE health END,
            next_poll_reason = CASE WHEN \(v("has_schedule")) THEN \(v("next_poll_reason")) ELSE next_poll_reason END,
            redirect_target = CASE WHEN \(v("has_schedule")) THEN \(v("redirect_target")) ELSE redirect_target END,
            redirect_streak = CASE WHEN \(v("has_schedule")) THEN \(v("redirect_streak")) ELSE redirect_streak END,
            hints = COALESCE(\(v("hints")), hints),
            failures_since = CASE WHEN \(v("has_schedule")) THEN \(v("failures_since")) ELSE failures_since END,
            polls_ok = polls_ok
                + (\(v("status")) IS NOT NULL AND \(v("status")) BETWEEN 200 AND 299 AND \(v("error")) IS NULL),
            polls_not_modified = polls_not_modified + (\(v("status")) IS 304),
            polls_failed = polls_failed
                + (\(v("error")) IS NOT NULL OR \(v("status")) IS NULL OR \(v("status")) >= 400),
            last_new = \(v("new")),
            last_revised = \(v("revised")),
            last_duplicate = \(v("duplicate"))
        WHERE name = \(v("name"))
        """

    /// The state of the source named by the one parameter, as ``update`` left it: ``SourceState``'s columns (as
    /// ``SourceState/init(_:)`` reads them), then the source's id, then its tags as a JSON array.
    static let state = """
        SELECT \(SourceState.columns), id,
            (SELECT json_group_array(tag) FROM source_tag WHERE source_tag.source_id = source.id)
        FROM source WHERE name = ?
        """

    /// Where ``state`` has the source's id and its tags.
    static let stateID = SourceState.columnCount
    static let stateTags = SourceState.columnCount + 1

    /// Binds the poll's values for ``update``, in ``updateValues``' order.
    static func bindUpdate(_ poll: PollResult, counts: IngestCounts, to run: inout StatementRun) {
        let fetch = poll.fetch
        let schedule = poll.schedule
        run.bind(poll.sourceName)
        run.bind(poll.sourceURL)
        run.bind(fetch.failed || (fetch.notModified && fetch.etag == nil && fetch.lastModified == nil))  // keep_validators
        run.bind(fetch.etag)
        run.bind(fetch.lastModified)
        run.bind(fetch.bodyHash)
        run.bind(fetch.failed)
        run.bind(poll.nextPollAt?.timeIntervalSince1970)
        run.bind(fetch.status)
        run.bind(fetch.error)
        run.bind(poll.fetchedAt.timeIntervalSince1970)
        run.bind(counts.new + counts.nearDuplicate)  // stored
        run.bind(fetch.movedTo)
        run.bind(schedule != nil)  // has_schedule
        run.bind(schedule?.health)
        run.bind(schedule?.nextPollReason)
        run.bind(schedule?.redirectTarget)
        run.bind(schedule?.redirectStreak)
        run.bind(schedule?.hints)
        run.bind(schedule?.failuresSince?.timeIntervalSince1970)
        run.bind(counts.new)
        run.bind(counts.revised)
        run.bind(counts.duplicate)
    }

    private static let logColumns = [
        "source_id", "fetched_at", "url", "status", "etag", "last_modified", "body_hash", "bytes", "duration_ms",
        "error", "items", "new", "revised", "duplicate", "near_duplicate",
    ]

    /// Appends the poll's fetch-log row.
    static let insertLog = "INSERT INTO fetch_log (\(logColumns.joined(separator: ", "))) VALUES ("
        + Array(repeating: "?", count: logColumns.count).joined(separator: ", ") + ")"

    /// Binds the poll's values for ``insertLog``, in ``logColumns``' order.
    static func bindLog(_ poll: PollResult, sourceID: Int64, counts: IngestCounts, to run: inout StatementRun) {
        let fetch = poll.fetch
        run.bind(sourceID)
        run.bind(poll.fetchedAt.timeIntervalSince1970)
        run.bind(poll.sourceURL)
        run.bind(fetch.status)
        run.bind(fetch.etag)
        run.bind(fetch.lastModified)
        run.bind(fetch.bodyHash)
        run.bind(fetch.bytes)
        run.bind(Double(fetch.duration.components.seconds) * 1000 + Double(fetch.duration.components.attoseconds) / 1e15)
        run.bind(fetch.error)
        run.bind(poll.items.count)
        run.bind(counts.new)
        run.bind(counts.revised)
        run.bind(counts.duplicate)
        run.bind(counts.nearDuplicate)
    }
}
