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
        guard let state = try Self.record([(poll, counts)], db)[0] else {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: "source '\(poll.sourceName)' vanished during its poll")
        }
        return state
    }

    /// Records polls of stored sources (at most ``PollRecordSQL/maximumRows``, each source once) in two
    /// statements, tags synced as needed, and returns the state each left, by offset; a poll whose source is
    /// not stored is left out (no state, no fetch-log row).
    static func record(_ polls: [(poll: PollResult, counts: IngestCounts)], _ db: Database) throws -> [Int: SourceState] {
        var offsetByName: [String: Int] = [:]
        for (offset, entry) in polls.enumerated() { offsetByName[entry.poll.sourceName] = offset }
        var states: [Int: SourceState] = [:]
        var ids: [Int: Int64] = [:]
        var tags: [(id: Int64, stored: String?, configured: [String])] = []
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: PollRecordSQL.update(rows: polls.count)),
            arguments: StatementArguments(polls.flatMap {
                PollRecordSQL.updateArguments($0.poll, counts: $0.counts)
            }))
        // Each row reads straight off the statement, so it is decoded while the cursor is alive; the loop steps
        // the statement to its end, so no write statement stays in progress inside the savepoint.
        while let row = try rows.next() {
            let state = SourceState(row)
            guard let offset = offsetByName[state.name] else { continue }
            let id: Int64 = row[PollRecordSQL.returnedID]
            states[offset] = state
            ids[offset] = id
            tags.append((id, row[PollRecordSQL.returnedTags], polls[offset].poll.sourceTags))
        }
        for tag in tags { try syncTags(db, sourceID: tag.id, stored: tag.stored, configured: tag.configured) }
        guard !ids.isEmpty else { return [:] }
        let logged = ids.sorted { $0.key < $1.key }
        try db.cachedStatement(sql: PollRecordSQL.insertLog(rows: logged.count)).execute(arguments: StatementArguments(
            logged.flatMap { PollRecordSQL.logArguments(polls[$0.key].poll, sourceID: $0.value, counts: polls[$0.key].counts) }))
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
