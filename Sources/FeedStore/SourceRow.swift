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
    func recordPoll(
        _ db: Database, _ poll: PollResult, counts: IngestCounts, statements: PollStatements
    ) throws -> SourceState {
        guard let state = try Self.record([(poll, counts)], db, statements: statements)[0] else {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: "source '\(poll.sourceName)' vanished during its poll")
        }
        return state
    }

    /// Records polls of stored sources (each source once), tags synced as needed, and returns the state each
    /// left, by offset; a poll whose source is not stored is left out (no state, no fetch-log row).
    static func record(
        _ polls: [(poll: PollResult, counts: IngestCounts)], _ db: Database, statements: PollStatements
    ) throws -> [Int: SourceState] {
        var states: [Int: SourceState] = [:]
        for (offset, (poll, counts)) in polls.enumerated() {
            var update = try StatementRun(statements.update(db), in: db)
            PollRecordSQL.bindUpdate(poll, counts: counts, to: &update)
            try update.run()
            var read = try StatementRun(statements.state(db), in: db)
            read.bind(poll.sourceName)
            var stored: (state: SourceState, id: Int64, tags: String?)?
            // Each run steps its statement to its end, so no statement stays in progress inside the savepoint.
            try read.run { row in
                guard let id = row.int(PollRecordSQL.stateID) else { return }
                stored = (SourceState(row), Int64(id), row.string(PollRecordSQL.stateTags))
            }
            guard let stored else { continue }
            states[offset] = stored.state
            try syncTags(db, sourceID: stored.id, stored: stored.tags, configured: poll.sourceTags)
            var log = try StatementRun(statements.insertLog(db), in: db)
            PollRecordSQL.bindLog(poll, sourceID: stored.id, counts: counts, to: &log)
            try log.run()
        }
        return states
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
