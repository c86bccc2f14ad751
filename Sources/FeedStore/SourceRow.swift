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
        guard
            let row = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        INSERT INTO source (name, url) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET url = excluded.url
                        RETURNING id, identity_mode
                        """
                ),
                arguments: [name, url]
            ).first
        else {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: "source '\(name)' vanished after its upsert")
        }
        return SourceRow(id: row[0], identityMode: IdentityMode(rawValue: row[1]) ?? .guid)
    }

    /// Updates the source's state from the poll (its tags too, when the config changed them), appends its
    /// fetch-log row, and returns the state it left.
    func recordPoll(
        _ db: Database,
        _ poll: PollResult,
        counts: IngestCounts,
        statements: PollStatements
    ) throws -> SourceState {
        // Not the poll's prior state: ingest may have changed the row (its identity mode) in this transaction.
        guard let state = try Self.record(poll, counts: counts, known: nil, db, statements: statements) else {
            throw DatabaseError(
                resultCode: .SQLITE_ERROR,
                message: "source '\(poll.sourceName)' vanished during its poll"
            )
        }
        return state
    }

    /// Records the itemless polls at `offsets` of `polls` (stored sources, each once), each from its
    /// ``PollResult/priorState`` when that is still the stored one, and returns the state each left, by its place
    /// in `offsets`; a poll whose source is not stored is left out (no state, no fetch-log row). The polls are
    /// read where they lie: a batch of thousands is not copied poll by poll.
    static func recordItemless(
        _ polls: [PollResult],
        at offsets: [Int],
        _ db: Database,
        statements: PollStatements
    ) throws -> [Int: SourceState] {
        var states: [Int: SourceState] = [:]
        for (place, offset) in offsets.enumerated() {
            states[place] = try record(
                polls[offset],
                counts: IngestCounts(),
                known: polls[offset].priorState,
                db,
                statements: statements
            )
        }
        return states
    }

    /// Records one poll of the source from `known`, its state before the poll as the caller holds it, or from
    /// the stored state when `known` is nil or no longer stored; nil when the source is not stored.
    private static func record(
        _ poll: PollResult,
        counts: IngestCounts,
        known: SourceState?,
        _ db: Database,
        statements: PollStatements
    ) throws -> SourceState? {
        if let known, known.name == poll.sourceName,
            let state = try write(poll, counts: counts, from: known, db, statements: statements)
        {
            return state
        }
        // No copy, or another poll of the source was recorded since it was taken: start from the stored state.
        // Read to its end, so no statement stays in progress inside the savepoint.
        guard let stored = try SourceState.fetch(db, name: poll.sourceName, statement: statements.state(db)) else {
            return nil
        }
        guard let state = try write(poll, counts: counts, from: stored, db, statements: statements) else {
            throw DatabaseError(
                resultCode: .SQLITE_ERROR,
                message: "source '\(poll.sourceName)': the state just read did not match"
            )
        }
        return state
    }

    /// Writes the state `poll` leaves the source in after `prior`, its tags when they changed, and the fetch-log
    /// row, and returns that state; nil, writing nothing, when the stored row is no longer `prior`.
    private static func write(
        _ poll: PollResult,
        counts: IngestCounts,
        from prior: SourceState,
        _ db: Database,
        statements: PollStatements
    ) throws -> SourceState? {
        let after = prior.recording(poll, counts: counts)
        var update = try StatementRun(statements.update(db), in: db)
        PollRecordSQL.bindUpdate(
            after,
            tally: PollTally(poll.fetch),
            counts: counts,
            known: prior.lastPolledAt,
            to: &update
        )
        try update.run()
        guard db.changesCount == 1 else { return nil }
        if prior.tags != after.tags { try syncTags(db, sourceID: prior.id, configured: after.tags) }
        var log = try StatementRun(statements.insertLog(db), in: db)
        PollRecordSQL.bindLog(poll, sourceID: prior.id, counts: counts, to: &log)
        try log.run()
        return after
    }

    /// Replaces the source's stored tags with `configured`.
    static func syncTags(_ db: Database, sourceID: Int64, configured: [String]) throws {
        try db.execute(sql: "DELETE FROM source_tag WHERE source_id = ?", arguments: [sourceID])
        for tag in Set(configured) {
            try db.execute(sql: "INSERT INTO source_tag (source_id, tag) VALUES (?, ?)", arguments: [sourceID, tag])
        }
    }
}
