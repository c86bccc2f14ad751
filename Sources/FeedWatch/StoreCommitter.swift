import FeedStore
import Foundation

/// Commits finished polls to the store in batches: whatever polls finished while the last batch was being
/// committed go together in the next one (at most ``maximumBatch``), one savepoint each. With thousands of
/// sources answering 304 at once, one transaction per poll would make SQLite's commit the bottleneck; with
/// a few sources a batch is one poll and nothing waits.
// @unchecked Sendable: `pending` and `draining` are only touched under `lock`; the store is Sendable.
final class StoreCommitter: @unchecked Sendable {
    typealias Outcome = Result<IngestOutcome, StoreError>

    static let maximumBatch = 64
    private let store: FeedStore
    private let lock = NSLock()
    private var pending: [(poll: PollResult, continuation: CheckedContinuation<Outcome, Never>)] = []
    private var draining = false

    init(store: FeedStore) {
        self.store = store
    }

    /// Commits `poll` (with others that are ready) and returns what the store made of it.
    func commit(_ poll: PollResult) async -> Outcome {
        await withCheckedContinuation { continuation in
            lock.lock()
            pending.append((poll, continuation))
            let start = !draining
            draining = true
            lock.unlock()
            // The store's serial I/O queue, never Swift's cooperative pool: SQLite blocks.
            if start { OffPool.ioQueue.async { self.drain() } }
        }
    }

    private func drain() {
        while true {
            lock.lock()
            let batch = Array(pending.prefix(Self.maximumBatch))
            pending.removeFirst(batch.count)
            if batch.isEmpty { draining = false }
            lock.unlock()
            guard !batch.isEmpty else { return }
            let outcomes = store.ingest(batch: batch.map(\.poll))
            for (entry, outcome) in zip(batch, outcomes) {
                entry.continuation.resume(returning: outcome)
            }
        }
    }
}
