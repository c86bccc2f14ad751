import FeedCore
public import Foundation
import GRDB

/// What the store remembers about a source between polls: what the next conditional GET sends, and health.
///
/// The values live in one shared box that a copy only retains, and that a change to a copy that shares it
/// copies first: a poll passes its source's state through a dozen hands (the slot, the poll task, the result,
/// the store and back), and copying two dozen fields, most of them strings, at each of them cost more than
/// the store's recording the poll.
public struct SourceState: Sendable, Hashable {
    private var box: Box
    /// The source's name in the config.
    public var name: String {
        get { box.values.name }
        set { values.name = newValue }
    }
    /// The URL last polled.
    public var url: String {
        get { box.values.url }
        set { values.url = newValue }
    }
    /// The `ETag` to send as `If-None-Match`.
    public var etag: String? {
        get { box.values.etag }
        set { values.etag = newValue }
    }
    /// The `Last-Modified` to send as `If-Modified-Since`.
    public var lastModified: String? {
        get { box.values.lastModified }
        set { values.lastModified = newValue }
    }
    /// SHA-256 of the last body parsed: an equal body ends the next poll without parsing.
    public var bodyHash: String? {
        get { box.values.bodyHash }
        set { values.bodyHash = newValue }
    }
    /// When the scheduler last planned the next poll.
    public var nextPollAt: Date? {
        get { box.values.nextPollAt }
        set { values.nextPollAt = newValue }
    }
    /// Failed polls in a row.
    public var failureStreak: Int {
        get { box.values.failureStreak }
        set { values.failureStreak = newValue }
    }
    /// The last HTTP status, if a response arrived.
    public var lastStatus: Int? {
        get { box.values.lastStatus }
        set { values.lastStatus = newValue }
    }
    /// Why the last poll failed, if it did.
    public var lastError: String? {
        get { box.values.lastError }
        set { values.lastError = newValue }
    }
    /// When the source was last polled.
    public var lastPolledAt: Date? {
        get { box.values.lastPolledAt }
        set { values.lastPolledAt = newValue }
    }
    /// When a poll last succeeded.
    public var lastSuccessAt: Date? {
        get { box.values.lastSuccessAt }
        set { values.lastSuccessAt = newValue }
    }
    /// When a poll last brought a new story.
    public var lastNewItemAt: Date? {
        get { box.values.lastNewItemAt }
        set { values.lastNewItemAt = newValue }
    }
    /// Where a permanent redirect pointed.
    public var movedTo: String? {
        get { box.values.movedTo }
        set { values.movedTo = newValue }
    }
    /// How the source's stories are keyed.
    public var identityMode: IdentityMode {
        get { box.values.identityMode }
        set { values.identityMode = newValue }
    }
    /// Why the source left GUID mode, if it did.
    public var identityReason: String? {
        get { box.values.identityReason }
        set { values.identityReason = newValue }
    }
    /// The configured URL the source moved away from (``movedTo`` is in effect while the config still says this).
    public var movedFrom: String? {
        get { box.values.movedFrom }
        set { values.movedFrom = newValue }
    }
    /// The scheduler's memory of the source.
    public var schedule: ScheduleRecord {
        get { box.values.schedule }
        set { values.schedule = newValue }
    }
    /// The source's tags as stored, sorted.
    public var tags: [String] {
        get { box.values.tags }
        set { values.tags = newValue }
    }
    /// The source's row in the store.
    var id: Int64 { box.values.id }

    /// The values, for a change: the box is copied first when another state shares it.
    private var values: Values {
        get { box.values }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.values) }
            yield &box.values
        }
    }

    public static func == (left: SourceState, right: SourceState) -> Bool {
        left.box === right.box || left.box.values == right.box.values
    }

    public func hash(into hasher: inout Hasher) {
        box.values.hash(into: &hasher)
    }

    fileprivate struct Values: Hashable {
        var name: String
        var url: String
        var etag: String?
        var lastModified: String?
        var bodyHash: String?
        var nextPollAt: Date?
        var failureStreak: Int
        var lastStatus: Int?
        var lastError: String?
        var lastPolledAt: Date?
        var lastSuccessAt: Date?
        var lastNewItemAt: Date?
        var movedTo: String?
        var identityMode: IdentityMode
        var identityReason: String?
        var movedFrom: String?
        var schedule: ScheduleRecord
        var tags: [String]
        var id: Int64
    }

    // @unchecked Sendable: `values` changes only through `SourceState.values`, which first makes the box its
    // state's own (isKnownUniquelyReferenced), so a box another state or thread can see is never written.
    private final class Box: @unchecked Sendable {
        var values: Values

        init(_ values: Values) {
            self.values = values
        }
    }
}

extension FeedStore {
    /// The stored state of the source named `name`, or nil before its first poll.
    public func sourceState(named name: String) throws(StoreError) -> SourceState? {
        try read(operation: "read state of source '\(name)'") { db in
            try SourceState.fetch(db, name: name)
        }
    }

    /// Every source's stored state, by name.
    ///
    /// A daemon reads thousands before its first poll, with a core idle: a large store is read in two halves
    /// by id on two of the pool's readers at once (each row decoded straight off SQLite), and the halves are
    /// merged in SQLite's order of names. Each row is as one read saw it; a row never moves between halves.
    public func sourceStates() throws(StoreError) -> [SourceState] {
        let operation = "read source states"
        let lastID =
            try read(operation: operation) { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM source") } ?? 0
        let split = lastID >= Self.parallelStateReadMinimum ? lastID / 2 : lastID
        let halves = ResultSlots<Result<[SourceState], StoreError>>(count: 2)
        DispatchQueue.concurrentPerform(iterations: split == lastID ? 1 : 2) { half in
            halves.store(
                Result { () throws(StoreError) in
                    try read(operation: operation) { db in
                        var run = StatementRun(
                            try db.cachedStatement(
                                sql: """
                                    SELECT \(SourceState.columns) FROM source WHERE id \(half == 0 ? "<=" : ">") ? ORDER BY source.name
                                    """
                            ),
                            in: db
                        )
                        run.bind(split)
                        var states: [SourceState] = []
                        try run.run { states.append(SourceState($0)) }
                        return states
                    }
                },
                at: half
            )
        }
        let results = halves.collect()
        let first = try results[0].get()
        guard results.count == 2 else { return first }
        return Self.mergedByName(first, try results[1].get())
    }

    /// Below this many sources one read is quicker than two.
    static let parallelStateReadMinimum: Int64 = 1024

    /// Two lists sorted by name (SQLite's order: bytes) as one.
    static func mergedByName(_ left: [SourceState], _ right: [SourceState]) -> [SourceState] {
        var merged: [SourceState] = []
        merged.reserveCapacity(left.count + right.count)
        var (l, r) = (0, 0)
        while l < left.count, r < right.count {
            if right[r].name.utf8.lexicographicallyPrecedes(left[l].name.utf8) {
                merged.append(right[r])
                r += 1
            } else {
                merged.append(left[l])
                l += 1
            }
        }
        merged += left[l...]
        merged += right[r...]
        return merged
    }
}

extension SourceState {
    /// The columns ``init(_:)`` reads, in its order: by index, since a daemon reads thousands of them at start-up.
    /// The last two are the row's id and its tags as a JSON array.
    static let columns =
        columnNames.map { "source." + $0 }.joined(separator: ", ")
        + ", source.id, (SELECT json_group_array(tag) FROM source_tag WHERE source_tag.source_id = source.id)"

    /// How many columns ``init(_:)`` reads.
    static let columnCount = CInt(columnNames.count + 2)

    private static let columnNames = [
        "name", "url", "etag", "last_modified", "body_hash", "next_poll_at", "failure_streak", "last_status",
        "last_error", "last_polled_at", "last_success_at", "last_new_item_at", "moved_to", "identity_mode",
        "identity_reason", "moved_from", "health", "next_poll_reason", "redirect_target", "redirect_streak", "hints",
        "failures_since",
    ]

    /// The state of the source named `name`, read with `statement` (``PollRecordSQL/state`` prepared on `db`;
    /// by default GRDB's cached one).
    static func fetch(_ db: Database, name: String, statement: Statement? = nil) throws -> SourceState? {
        var run = try StatementRun(statement ?? db.cachedStatement(sql: PollRecordSQL.state), in: db)
        run.bind(name)
        var state: SourceState?
        try run.run { state = SourceState($0) }
        return state
    }

    /// The state in the first ``columns`` of the current row.
    init(_ row: borrowing StatementColumns) {
        box = Box(
            Values(
                name: row.string(0) ?? "",
                url: row.string(1) ?? "",
                etag: row.string(2),
                lastModified: row.string(3),
                bodyHash: row.string(4),
                nextPollAt: row.date(5),
                failureStreak: row.int(6) ?? 0,
                lastStatus: row.int(7),
                lastError: row.string(8),
                lastPolledAt: row.date(9),
                lastSuccessAt: row.date(10),
                lastNewItemAt: row.date(11),
                movedTo: row.string(12),
                identityMode: row.string(13).flatMap(IdentityMode.init(rawValue:)) ?? .guid,
                identityReason: row.string(14),
                movedFrom: row.string(15),
                schedule: ScheduleRecord(
                    health: row.string(16) ?? "healthy",
                    nextPollReason: row.string(17),
                    redirectTarget: row.string(18),
                    redirectStreak: row.int(19) ?? 0,
                    hints: row.string(20),
                    failuresSince: row.date(21)
                ),
                tags: JSONText.strings(row.string(23)),
                id: Int64(row.int(22) ?? 0)
            )
        )
    }
}

extension FeedStore {
    /// The median length, in characters, of the extracted text of the source's latest `limit` revisions, or nil
    /// with fewer than `minimum` of them: the baseline the daemon compares a poll's extractions with, to warn
    /// when a site's layout change leaves the extractor reading empty or thin pages.
    public func extractedTextBaseline(source name: String, limit: Int = 50, minimum: Int = 5) throws(StoreError) -> Int?
    {
        try read(operation: "read extracted text lengths of source '\(name)'") { db in
            let lengths = try Int.fetchAll(
                db,
                sql: """
                    SELECT length(revision.text) FROM revision
                    JOIN item ON item.id = revision.item_id JOIN source ON source.id = item.source_id
                    WHERE source.name = ? AND revision.extractor_version IS NOT NULL
                    ORDER BY revision.id DESC LIMIT ?
                    """,
                arguments: [name, limit]
            ).sorted()
            return lengths.count < minimum ? nil : lengths[lengths.count / 2]
        }
    }
}

extension FeedStore {
    /// For a `full_text` source: of these item identities (FeedCore's, or matched by normalised link), the feed
    /// entry hashes already stored, so the daemon fetches a page only for a story that is new or whose feed
    /// entry changed.
    public func fetchedFeedVersions(
        source name: String,
        identities: [(identity: String, link: String?)]
    )
        throws(StoreError) -> Set<String>
    {
        try read(operation: "read stored feed versions of source '\(name)'") { db in
            guard let sourceID = try Int64.fetchOne(db, sql: "SELECT id FROM source WHERE name = ?", arguments: [name])
            else { return [] }
            var hashes = Set<String>()
            let statement = try db.cachedStatement(
                sql: """
                    SELECT revision.feed_hash FROM item JOIN revision ON revision.item_id = item.id
                    WHERE item.source_id = ?1 AND (item.identity = ?2 OR item.link_key = ?3) AND revision.feed_hash IS NOT NULL
                    """
            )
            for (identity, link) in identities {
                let linkKey = link.map(URLResolution.normalisedLink)
                hashes.formUnion(try String.fetchAll(statement, arguments: [sourceID, identity, linkKey]))
            }
            return hashes
        }
    }
}
