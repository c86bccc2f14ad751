import Foundation
import GRDB
internal import GRDBSQLite
import Synchronization

/// Checkpoints the store's WAL on a connection and a queue of its own, started by the commit that leaves the
/// WAL at ``FeedStore/Options/walAutocheckpointPages`` or more, so that no commit waits for a checkpoint.
///
/// SQLite's own auto-checkpoint runs inside that commit: the writer copies the WAL into the database and
/// waits for two fsyncs before it returns. The daemon records polls on that one writer, so every poll
/// finishing meanwhile waited too: a warm pass over 5,000 sources sat with both cores idle for 30–50 ms in
/// the middle. A PASSIVE checkpoint on another connection runs beside the writer (SQLite lets a checkpoint
/// and a writer work on one WAL at once) and never waits for a lock. A failed background checkpoint is
/// dropped as SQLite drops a failed auto-checkpoint: the frames stay in the WAL, where they are as safe, and
/// the next one (or ``FeedStore/checkpoint()``, whose errors are thrown) copies them.
final class WALCheckpointer: Sendable {
    private let path: String
    /// Nil when ``FeedStore/Options/walAutocheckpointPages`` is 0 or less: no automatic checkpoint at all, as
    /// `PRAGMA wal_autocheckpoint = 0` means for SQLite's own.
    private let pages: Int32?
    private let busyTimeout: Double
    /// Set by a commit's hook until the checkpoint it asked for starts, so that a burst of commits asks once.
    private let requested = Atomic<Bool>(false)
    /// Nil until ``open()``: the writer's hook fires during the migration, before the file is ready for a
    /// second connection, and those commits are simply left for the next checkpoint.
    private let connection = Mutex<DatabaseQueue?>(nil)
    /// Checkpoints run in the background so far (for tests).
    let completed = Atomic<Int>(0)

    init(path: String, pages: Int, busyTimeout: Double) {
        self.path = path
        self.pages = pages > 0 ? Int32(clamping: pages) : nil
        self.busyTimeout = busyTimeout
    }

    /// Opens the checkpointing connection; commits before this are checkpointed by the next one after it.
    func open() throws {
        var configuration = Configuration()
        configuration.label = "feedstore.checkpoint"
        configuration.busyMode = .timeout(busyTimeout)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        connection.withLock { $0 = queue }
    }

    /// Hooks `db`, the writer, so that its commits start background checkpoints instead of running their own.
    ///
    /// Called from the connection's `prepareDatabase` closure. The hook holds this object unretained: that
    /// closure holds it, and GRDB keeps the closure in the connection's configuration for as long as the
    /// connection is open, which is as long as its commits can call the hook.
    func hook(_ db: Database) {
        // wal_autocheckpoint installs SQLite's own hook; ours replaces it, and nothing must set it again.
        sqlite3_wal_hook(
            db.sqliteConnection,
            { context, _, _, pages in
                guard let context else { return SQLITE_OK }
                Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue().committed(walPages: pages)
                return SQLITE_OK
            },
            Unmanaged.passUnretained(self).toOpaque()
        )
    }

    /// Called on the writer after each commit with the WAL's length in pages.
    private func committed(walPages: Int32) {
        guard let pages, walPages >= pages, let queue = connection.withLock({ $0 }) else { return }
        guard !requested.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // Weak: a store released with a checkpoint still queued has nothing left to checkpoint for.
        queue.asyncWriteWithoutTransaction { [weak self] db in
            guard let self else { return }
            self.requested.store(false, ordering: .releasing)
            if (try? db.checkpoint(.passive)) != nil {
                self.completed.add(1, ordering: .relaxed)
            }
        }
    }

    /// Runs a checkpoint of `mode` now, after any background checkpoint already asked for (on the same queue,
    /// so the two never meet and this one never fails for the other); returns the WAL's frames and how many of
    /// them are now in the database.
    @discardableResult
    func checkpoint(_ mode: Database.CheckpointMode) throws -> (walFrames: Int, copied: Int) {
        guard let queue = connection.withLock({ $0 }) else { throw DatabaseError(message: "the store is not open") }
        let result = try queue.writeWithoutTransaction { db in try db.checkpoint(mode) }
        return (result.walFrameCount, result.checkpointedFrameCount)
    }

    /// Runs `work` on the checkpointing queue, after every checkpoint asked for before it (tests hold the
    /// queue with it).
    func enqueue(_ work: @escaping @Sendable () -> Void) {
        connection.withLock { $0 }?.asyncWriteWithoutTransaction { _ in work() }
    }
}
