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

    /// Records polls of stored sources (at most ``PollRecordSQL/maximumRows``, each source once) in two
    /// statements, tags synced as needed, and returns the state each left, by offset; a poll whose source is
    /// not stored is left out (no state, no fetch-log row).
    static func record(
        _ polls: [(poll: PollResult, counts: IngestCounts)], _ db: Database, statements: PollStatements
    ) throws -> [Int: SourceState] {
        var offsetByName: [String: Int] = [:]
        for (offset, entry) in polls.enumerated() { offsetByName[entry.poll.sourceName] = offset }
        var states: [Int: SourceState] = [:]
        var ids: [Int: Int64] = [:]
        var tags: [(id: Int64, stored: String?, configured: [String])] = []
        var update = try StatementRun(statements.update(rows: polls.count, db), in: db)
        for entry in polls { PollRecordSQL.bindUpdate(entry.poll, counts: entry.counts, to: &update) }
        // Each row is decoded while it is current; run steps the statement to its end, so no write statement
        // stays in progress inside the savepoint.
        try update.run { row in
            let state = SourceState(row)
            guard let offset = offsetByName[state.name], let id = row.int(PollRecordSQL.returnedID) else { return }
            states[offset] = state
            ids[offset] = Int64(id)
            tags.append((Int64(id), row.string(PollRecordSQL.returnedTags), polls[offset].poll.sourceTags))
        }
        for tag in tags { try syncTags(db, sourceID: tag.id, stored: tag.stored, configured: tag.configured) }
        guard !ids.isEmpty else { return [:] }
        // A poll whose source is not stored leaves a row count that may not be one of the prepared ones.
        var logged = ids.sorted(by: { $0.key < $1.key })[...]
        while !logged.isEmpty {
            let rows = PollRecordSQL.rowsPerStatement(logged.count)
            var log = try StatementRun(statements.insertLog(rows: rows, db), in: db)
            for (offset, id) in logged.prefix(rows) {
                PollRecordSQL.bindLog(polls[offset].poll, sourceID: id, counts: polls[offset].counts, to: &log)
            }
            try log.run()
            logged = logged.dropFirst(rows)
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
