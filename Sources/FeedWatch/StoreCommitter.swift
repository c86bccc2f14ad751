import FeedStore
import Foundation

/// The store half of every poll: fetched polls are committed in batches on the store's queue, and the loop
/// takes them back a batch at a time.
///
/// Whatever polls were fetched while the last batch was being committed, or within ``gatheringDelay`` of the
/// first one when the committer was idle, go together in the next one (at most ``maximumBatch``), one savepoint
/// each: with thousands of sources answering 304 at once, one transaction, one task and one wake-up of the
/// loop per poll would make the commit path the bottleneck; with a few sources a batch is one poll.
// @unchecked Sendable: `pending`, `finished`, `draining` and `waiter` are only touched under `lock`; the store is
// Sendable.
final class StoreCommitter: @unchecked Sendable {
    static let maximumBatch = 64
    /// How long a batch gathers polls after the first one arrives at an idle committer. Without it, a store that
    /// keeps up commits polls one at a time, paying a transaction and its pages' writes for each; a few
    /// milliseconds of latency is nothing to a poll that took tens.
    let gatheringDelay: DispatchTimeInterval
    private let store: FeedStore
    private let lock = NSLock()
    private var pending: [FetchedPoll] = []
    private var finished: [PollCompletion] = []
    private var draining = false
    private var waiter: CheckedContinuation<[PollCompletion], Never>?

    init(store: FeedStore, gatheringDelay: DispatchTimeInterval = .milliseconds(2)) {
        self.store = store
        self.gatheringDelay = gatheringDelay
    }

    /// Queues `fetched` for the next batch.
    func submit(_ fetched: FetchedPoll) {
        lock.lock()
        pending.append(fetched)
        let start = !draining
        draining = true
        lock.unlock()
        // The store's serial I/O queue, never Swift's cooperative pool: SQLite blocks.
        if start { OffPool.ioQueue.asyncAfter(deadline: .now() + gatheringDelay) { self.drain() } }
    }

    /// The polls committed since the last call, once there is at least one; [] when the task is cancelled.
    func committed() async -> [PollCompletion] {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                lock.lock()
                if !finished.isEmpty || Task.isCancelled {
                    let done = finished
                    finished = []
                    lock.unlock()
                    continuation.resume(returning: done)
                } else {
                    waiter = continuation
                    lock.unlock()
                }
            }
        } onCancel: {
            // A waiter is set only while nothing is finished: it leaves with nothing.
            lock.lock()
            let waiting = waiter
            waiter = nil
            lock.unlock()
            waiting?.resume(returning: [])
        }
    }

    /// Takes back the polls not yet in a batch, uncommitted (a stop that ran out of time); a batch being
    /// committed still finishes whole.
    func withdrawPending() -> [PollCompletion] {
        lock.lock()
        let withdrawn = pending
        pending = []
        lock.unlock()
        return withdrawn.map(\.uncommitted)
    }

    private func drain() {
        while true {
            lock.lock()
            let batch = Array(pending.prefix(Self.maximumBatch))
            pending.removeFirst(batch.count)
            if batch.isEmpty { draining = false }
            lock.unlock()
            guard !batch.isEmpty else { return }
            let done = commit(batch)
            lock.lock()
            finished += done
            let waiting = waiter
            waiter = nil
            let handed = waiting == nil ? [] : finished
            if waiting != nil { finished = [] }
            lock.unlock()
            waiting?.resume(returning: handed)
        }
    }

    /// Commits `batch` in one transaction; reads each extracting poll's baseline before, and prunes where
    /// retention is due and the poll stored stories, after.
    private func commit(_ batch: [FetchedPoll]) -> [PollCompletion] {
        // A baseline is read before this batch's revisions join it.
        let baselines = batch.map { fetched -> Int? in
            fetched.draft.extractedLengths.isEmpty
                ? nil : (try? store.extractedTextBaseline(source: fetched.task.source.name)) ?? nil
        }
        let outcomes = store.ingest(batch: batch.map(\.result))
        return batch.indices.map { index in
            let fetched = batch[index]
            var prune: Result<PruneReport, StoreError>?
            if let retention = fetched.task.retention, case .success(let outcome) = outcomes[index],
                outcome.counts.new + outcome.counts.nearDuplicate > 0
            {
                prune = Result { () throws(StoreError) -> PruneReport in
                    try store.prune(source: fetched.task.source.name, policy: retention, now: Date())
                }
            }
            return fetched.completion(
                outcomes[index].map { ($0.counts, Optional($0.state)) },
                baseline: baselines[index],
                prune: prune
            )
        }
    }
}
