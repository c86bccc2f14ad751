import FeedCore
import Foundation
import GRDB

/// A source's row as ingest reads and updates it.
struct SourceRow {
    let id: Int64
    var identityMode: IdentityMode

    /// The source named `name`, created on its first poll; its URL and tags follow the config.
    static func upsert(_ db: Database, name: String, url: String, tags: [String]) throws -> SourceRow {
        // RETURNING (SQLite 3.35) hands back the id and identity mode in the upsert itself. fetchAll steps the
        // statement to its end, so no write statement is left in progress inside the poll's savepoint.
        guard let row = try Row.fetchAll(db.cachedStatement(sql: """
            INSERT INTO source (name, url) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET url = excluded.url
            RETURNING id, identity_mode
            """), arguments: [name, url]).first
        else {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: "source '\(name)' vanished after its upsert")
        }
        return SourceRow(id: row[0], identityMode: IdentityMode(rawValue: row[1]) ?? .guid)
    }

    /// Updates the source's state from the poll (its tags too, when the config changed them), appends its
    /// fetch-log row, and returns the state it left.
    func recordPoll(_ db: Database, _ poll: PollResult, counts: IngestCounts) throws -> SourceState {
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: PollRecordSQL.update(rows: 1)),
            arguments: StatementArguments(PollRecordSQL.updateArguments(poll, stored: counts.new + counts.nearDuplicate)))
        // The row reads straight off the statement: decoded while the cursor is alive, which is then stepped to
        // its end so no write statement stays in progress inside the poll's savepoint.
        guard let row = try rows.next() else {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: "source '\(poll.sourceName)' vanished during its poll")
        }
        let state = SourceState(row)
        let storedTags: String? = row[PollRecordSQL.returnedTags]
        while try rows.next() != nil {}
        try Self.syncTags(db, sourceID: id, stored: storedTags, configured: poll.sourceTags)
        try db.cachedStatement(sql: PollRecordSQL.insertLog(rows: 1))
            .execute(arguments: StatementArguments(PollRecordSQL.logArguments(poll, sourceID: id, counts: counts)))
        return state
    }

    /// Replaces the source's stored tags (`stored`, a JSON array) with the configured ones when they differ.
    static func syncTags(_ db: Database, sourceID: Int64, stored: String?, configured: [String]) throws {
        let wanted = Set(configured)
        guard Set(JSONText.strings(stored)) != wanted else { return }
        try db.execute(sql: "DELETE FROM source_tag WHERE source_id = ?", arguments: [sourceID])
        for tag in wanted {
            try db.execute(sql: "INSERT INTO source_tag (source_id, tag) VALUES (?, ?)", arguments: [sourceID, tag])
        }
    }
}
