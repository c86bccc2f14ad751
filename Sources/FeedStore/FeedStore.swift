import Foundation
import GRDB

/// The append-only store of sources, stories, revisions and polls: one SQLite file in WAL mode.
///
/// One process writes (the daemon); any number read at the same time (the CLI), each read in its own
/// short transaction so no reader pins the WAL (see ``export(_:batchSize:_:)``).
public final class FeedStore: Sendable {
    /// How the store is opened.
    public enum Access: Sendable, Hashable {
        /// Create and migrate the file if needed; write.
        case readWrite
        /// Never create or change the file (the CLI).
        case readOnly
    }

    /// Tuning that rarely needs changing.
    public struct Options: Sendable, Hashable {
        /// How long a write waits for another writer's lock before failing with ``StoreError/busy(path:operation:)``.
        public var busyTimeout: Duration = .seconds(5)
        /// WAL pages after which a commit starts a checkpoint in the background (SQLite's default limit is 1000,
        /// i.e. 4 MiB; see ``WALCheckpointer``). 0 or less: none; the WAL is copied only by ``checkpoint()``.
        public var walAutocheckpointPages = 1000
        /// The WAL is truncated back to this size after a checkpoint, so one burst does not keep a large file.
        public var walSizeLimitBytes = 16 << 20
        /// The database may not grow past this many pages (nil: no limit); reaching it is ``StoreError/diskFull(path:operation:)``.
        public var maximumPageCount: Int?

        /// The defaults.
        public init() {}
    }

    /// The database file.
    public let path: String
    /// How it was opened.
    public let access: Access
    let pool: DatabasePool
    /// Copies the WAL into the database beside the writer; nil for a read-only store.
    let checkpointer: WALCheckpointer?
    /// The writer's poll-record statements, found without hashing their SQL.
    let pollStatements = PollStatements()

    /// Opens (and for ``Access/readWrite`` creates and migrates) the store at `path`.
    public init(path: String, access: Access = .readWrite, options: Options = Options()) throws(StoreError) {
        self.path = path
        self.access = access
        if access == .readOnly, !FileManager.default.fileExists(atPath: path) {
            throw .noStore(path: path)
        }
        var configuration = Configuration()
        configuration.readonly = access == .readOnly
        let timeout = options.busyTimeout.components
        let busySeconds = Double(timeout.seconds) + Double(timeout.attoseconds) / 1e18
        configuration.busyMode = .timeout(busySeconds)
        configuration.label = "feedstore"
        let limits = options
        let checkpointer =
            access == .readWrite
            ? WALCheckpointer(path: path, pages: options.walAutocheckpointPages, busyTimeout: busySeconds)
            : nil
        self.checkpointer = checkpointer
        configuration.prepareDatabase { db in
            // synchronous=NORMAL in WAL mode: a commit appends to the WAL without waiting for fsync; the WAL is
            // synced at each checkpoint. A process crash (kill -9, OOM) loses nothing committed: the WAL is in
            // the OS page cache, and SQLite replays it on the next open. A power loss or kernel panic can lose
            // the polls committed since the last checkpoint, never consistency: those transactions vanish whole,
            // including the source's validators and body hash, so the next poll of each source fetches and
            // parses again and dedup re-adds exactly what was lost. FULL would fsync on every poll to avoid
            // redoing a few seconds of polls after a power cut; not worth it here.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            if !db.configuration.readonly {
                checkpointer?.hook(db)
                try db.execute(sql: "PRAGMA journal_size_limit = \(limits.walSizeLimitBytes)")
                if let pages = limits.maximumPageCount {
                    try db.execute(sql: "PRAGMA max_page_count = \(pages)")
                }
            }
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            if access == .readWrite {
                try StoreSchema.migrator.migrate(pool)
                try checkpointer?.open()
            }
        } catch {
            throw .cannotOpen(path: path, reason: StoreError.wrapping(error, path: path, operation: "open").description)
        }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction: the write lock is taken up front (waiting at most
    /// the busy timeout), so the transaction never fails half-way for want of it; any error rolls it all back.
    func writeImmediate<T>(operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        guard access == .readWrite else { throw .readOnly(path: path) }
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw StoreError.wrapping(error, path: path, operation: operation)
        }
    }

    /// Runs `body` in one short read transaction.
    func read<T>(operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw StoreError.wrapping(error, path: path, operation: operation)
        }
    }

    /// Checkpoints the WAL into the database and truncates it (the daemon calls this when idle).
    public func checkpoint() throws(StoreError) {
        guard access == .readWrite else { throw .readOnly(path: path) }
        do {
            try checkpointer?.checkpoint(.truncate)
        } catch {
            throw StoreError.wrapping(error, path: path, operation: "checkpoint")
        }
    }

    /// `PRAGMA integrity_check`: "ok", or SQLite's list of problems.
    public func integrityCheck() throws(StoreError) -> String {
        try read(operation: "integrity check") { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n")
        }
    }
}
