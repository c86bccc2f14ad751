import Foundation

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

    /// The values ``update(rows:)`` takes for each poll, in order (``bindUpdate(_:counts:to:)`` binds them).
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
        updateByRows[slot(rows)]
    }

    /// ``update(rows:)`` for each row count ``rowsPerStatement(_:)`` gives, built once: a batch would otherwise
    /// rebuild kilobytes of SQL to find its cached statement.
    private static let updateByRows = rowCounts.map(updateSQL(rows:))

    /// The row counts ``rowsPerStatement(_:)`` gives: the powers of two up to ``maximumRows``, by exponent.
    private static let rowCounts = (0...maximumRows.trailingZeroBitCount).map { 1 << $0 }

    /// How many row counts ``rowsPerStatement(_:)`` gives.
    static let rowCountSlots = rowCounts.count

    /// Where the statements for `rows` are among the ``rowCountSlots``.
    static func slot(_ rows: Int) -> Int {
        precondition(rows.nonzeroBitCount == 1 && rows <= maximumRows, "\(rows) rows: not a power of two up to \(maximumRows)")
        return rows.trailingZeroBitCount
    }

    private static func updateSQL(rows: Int) -> String {
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
    static let returnedID = SourceState.columnCount
    static let returnedTags = SourceState.columnCount + 1

    /// Binds the poll's values for ``update(rows:)``, in ``updateValues``' order.
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

    /// Appends one fetch-log row a poll.
    static func insertLog(rows: Int) -> String {
        insertLogByRows[slot(rows)]
    }

    private static let insertLogByRows = rowCounts.map { rows in
        "INSERT INTO fetch_log (\(logColumns.joined(separator: ", "))) VALUES "
            + placeholders(rows: rows, values: logColumns.count)
    }

    /// Binds the poll's values for ``insertLog(rows:)``, in ``logColumns``' order.
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

    private static func placeholders(rows: Int, values: Int) -> String {
        let row = "(" + Array(repeating: "?", count: values).joined(separator: ", ") + ")"
        return Array(repeating: row, count: rows).joined(separator: ", ")
    }
}
