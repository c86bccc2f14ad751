import FeedCore
import Foundation
import GRDB

/// A source's row as ingest reads and updates it.
struct SourceRow {
    let id: Int64
    var identityMode: IdentityMode

    /// The source named `name`, created on its first poll; its URL and tags follow the config.
    static func upsert(_ db: Database, name: String, url: String, tags: [String]) throws -> SourceRow {
        // RETURNING (SQLite 3.35) hands back the id, identity mode and tags in the upsert itself: on a warm pass
        // over thousands of unchanged sources, statements per poll are most of the store's work. fetchAll steps
        // the statement to its end, so no write statement is left in progress inside the poll's savepoint.
        guard let row = try Row.fetchAll(db.cachedStatement(sql: """
            INSERT INTO source (name, url) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET url = excluded.url
            RETURNING id, identity_mode,
                (SELECT json_group_array(tag) FROM source_tag WHERE source_tag.source_id = source.id)
            """), arguments: [name, url]).first
        else {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: "source '\(name)' vanished after its upsert")
        }
        let source = SourceRow(id: row[0], identityMode: IdentityMode(rawValue: row[1]) ?? .guid)
        let stored = Set(JSONText.strings(row[2]))
        if stored != Set(tags) {
            try db.execute(sql: "DELETE FROM source_tag WHERE source_id = ?", arguments: [source.id])
            for tag in Set(tags) {
                try db.execute(sql: "INSERT INTO source_tag (source_id, tag) VALUES (?, ?)", arguments: [source.id, tag])
            }
        }
        return source
    }

    /// Updates the source's state from the poll, appends its fetch-log row, and returns the state it left.
    ///
    /// Validators and the body hash change only on success: after a failure the next poll must still send
    /// what the server last gave. A 304 keeps them unless it carried new ones.
    func recordPoll(_ db: Database, _ poll: PollResult, counts: IngestCounts) throws -> SourceState {
        let fetch = poll.fetch
        let at = poll.fetchedAt.timeIntervalSince1970
        let failed = fetch.failed
        let keepValidators = failed || (fetch.notModified && fetch.etag == nil && fetch.lastModified == nil)
        let stored = counts.new + counts.nearDuplicate
        let schedule = poll.schedule
        // One statement updates the row and hands back the state the daemon keeps: on a warm pass over thousands
        // of unchanged sources the per-poll statements are most of the store's work.
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            UPDATE source SET
                etag = CASE WHEN ?1 THEN etag ELSE ?2 END,
                last_modified = CASE WHEN ?1 THEN last_modified ELSE ?3 END,
                body_hash = CASE WHEN ?4 IS NULL OR ?5 THEN body_hash ELSE ?4 END,
                next_poll_at = ?6,
                failure_streak = CASE WHEN ?5 THEN failure_streak + 1 ELSE 0 END,
                last_status = ?7,
                last_error = ?8,
                last_polled_at = ?9,
                last_success_at = CASE WHEN ?5 THEN last_success_at ELSE ?9 END,
                last_new_item_at = CASE WHEN ?10 > 0 THEN ?9 ELSE last_new_item_at END,
                moved_to = COALESCE(?11, moved_to),
                moved_from = CASE WHEN ?11 IS NULL THEN moved_from ELSE COALESCE(moved_from, ?13) END,
                health = CASE WHEN ?14 THEN ?15 ELSE health END,
                next_poll_reason = CASE WHEN ?14 THEN ?16 ELSE next_poll_reason END,
                redirect_target = CASE WHEN ?14 THEN ?17 ELSE redirect_target END,
                redirect_streak = CASE WHEN ?14 THEN ?18 ELSE redirect_streak END,
                hints = COALESCE(?19, hints),
                failures_since = CASE WHEN ?14 THEN ?20 ELSE failures_since END
            WHERE id = ?12
            RETURNING \(SourceState.returningColumns)
            """), arguments: [
                keepValidators, fetch.etag, fetch.lastModified, fetch.bodyHash, failed,
                poll.nextPollAt?.timeIntervalSince1970, fetch.status, fetch.error, at, stored, fetch.movedTo, id,
                poll.sourceURL, schedule != nil, schedule?.health, schedule?.nextPollReason, schedule?.redirectTarget,
                schedule?.redirectStreak, schedule?.hints, schedule?.failuresSince?.timeIntervalSince1970,
            ])
        guard let row = try rows.next() else {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: "source \(id) vanished during its poll")
        }
        let state = SourceState(row)
        // Stepped to its end so no write statement stays in progress inside the poll's savepoint.
        while try rows.next() != nil {}
        let milliseconds = Double(fetch.duration.components.seconds) * 1000
            + Double(fetch.duration.components.attoseconds) / 1e15
        try db.cachedStatement(sql: """
            INSERT INTO fetch_log (source_id, fetched_at, url, status, etag, last_modified, body_hash, bytes,
                                   duration_ms, error, items, new, revised, duplicate, near_duplicate)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                id, at, poll.sourceURL, fetch.status, fetch.etag, fetch.lastModified, fetch.bodyHash, fetch.bytes,
                milliseconds, fetch.error, poll.items.count, counts.new, counts.revised, counts.duplicate,
                counts.nearDuplicate,
            ])
        return state
    }
}
