import Foundation

/// The statements that record a poll: the source row's new state, and the fetch-log row. Each takes one poll and
/// runs once a poll, prepared once per connection (``PollStatements``).
///
/// The new state is computed in Swift (``SourceState/recording(_:counts:)``) from the state before the poll,
/// which the daemon already holds: the update writes it as it is, on the condition that the row is still the
/// one the daemon knew, so recording a poll reads nothing back. One row a statement, since SQLite runs an
/// `UPDATE … FROM (VALUES …)` and a `RETURNING` clause through temporary b-trees built on every execution.
enum PollRecordSQL {
    /// The values ``update`` takes, in the order ``bindUpdate(_:tally:counts:known:to:)`` binds them.
    private static let updateValues = [
        "name", "url", "etag", "last_modified", "body_hash", "next_poll_at", "failure_streak", "last_status",
        "last_error", "last_polled_at", "last_success_at", "last_new_item_at", "moved_to", "moved_from", "health",
        "next_poll_reason", "redirect_target", "redirect_streak", "hints", "failures_since", "ok", "not_modified",
        "failed", "new", "revised", "duplicate", "known_polled_at", "id",
    ]

    /// `value`'s numbered parameter in ``update``.
    private static func v(_ value: String) -> String {
        guard let index = updateValues.firstIndex(of: value) else { preconditionFailure("no update value '\(value)'") }
        return "?\(index + 1)"
    }

    /// Writes a source's state after a poll, if the row's last poll is still the one the caller knew (changes
    /// no row otherwise, nor for a source not stored). Polls' times are unique to the microsecond; the margin
    /// absorbs a conversion's last bit. The row is found by its id (a seek, not a search of the name index);
    /// the name guards against an id a deleted source left behind.
    static let update = """
        UPDATE source SET
            url = \(v("url")), etag = \(v("etag")), last_modified = \(v("last_modified")), body_hash = \(v("body_hash")),
            next_poll_at = \(v("next_poll_at")), failure_streak = \(v("failure_streak")),
            last_status = \(v("last_status")), last_error = \(v("last_error")), last_polled_at = \(v("last_polled_at")),
            last_success_at = \(v("last_success_at")), last_new_item_at = \(v("last_new_item_at")),
            moved_to = \(v("moved_to")), moved_from = \(v("moved_from")), health = \(v("health")),
            next_poll_reason = \(v("next_poll_reason")), redirect_target = \(v("redirect_target")),
            redirect_streak = \(v("redirect_streak")), hints = \(v("hints")), failures_since = \(v("failures_since")),
            polls_ok = polls_ok + \(v("ok")), polls_not_modified = polls_not_modified + \(v("not_modified")),
            polls_failed = polls_failed + \(v("failed")),
            last_new = \(v("new")), last_revised = \(v("revised")), last_duplicate = \(v("duplicate"))
        WHERE id = \(v("id")) AND name = \(v("name")) AND (last_polled_at IS \(v("known_polled_at"))
            OR abs(last_polled_at - \(v("known_polled_at"))) < 0.000001)
        """

    /// Binds ``update``'s values: the `state` after the poll, what the poll adds to the counts, and when the
    /// last poll the caller knew of was (`known`).
    static func bindUpdate(
        _ state: SourceState,
        tally: PollTally,
        counts: IngestCounts,
        known: Date?,
        to run: inout StatementRun
    ) {
        run.bind(state.name)
        run.bind(state.url)
        run.bind(state.etag)
        run.bind(state.lastModified)
        run.bind(state.bodyHash)
        run.bind(state.nextPollAt?.timeIntervalSince1970)
        run.bind(state.failureStreak)
        run.bind(state.lastStatus)
        run.bind(state.lastError)
        run.bind(state.lastPolledAt?.timeIntervalSince1970)
        run.bind(state.lastSuccessAt?.timeIntervalSince1970)
        run.bind(state.lastNewItemAt?.timeIntervalSince1970)
        run.bind(state.movedTo)
        run.bind(state.movedFrom)
        let schedule = state.schedule  // one copy, not one a field
        run.bind(schedule.health)
        run.bind(schedule.nextPollReason)
        run.bind(schedule.redirectTarget)
        run.bind(schedule.redirectStreak)
        run.bind(schedule.hints)
        run.bind(schedule.failuresSince?.timeIntervalSince1970)
        run.bind(tally.ok)
        run.bind(tally.notModified)
        run.bind(tally.failed)
        run.bind(counts.new)
        run.bind(counts.revised)
        run.bind(counts.duplicate)
        run.bind(known?.timeIntervalSince1970)
        run.bind(state.id)
    }

    /// The state of the source named by the one parameter, as ``SourceState/init(_:)`` reads it.
    static let state = "SELECT \(SourceState.columns) FROM source WHERE name = ?"

    private static let logColumns = [
        "source_id", "fetched_at", "url", "status", "etag", "last_modified", "body_hash", "bytes", "duration_ms",
        "error", "items", "new", "revised", "duplicate", "near_duplicate",
    ]

    /// Appends the poll's fetch-log row.
    static let insertLog =
        "INSERT INTO fetch_log (\(logColumns.joined(separator: ", "))) VALUES ("
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
        run.bind(
            Double(fetch.duration.components.seconds) * 1000 + Double(fetch.duration.components.attoseconds) / 1e15
        )
        run.bind(fetch.error)
        run.bind(poll.items.count)
        run.bind(counts.new)
        run.bind(counts.revised)
        run.bind(counts.duplicate)
        run.bind(counts.nearDuplicate)
    }
}
