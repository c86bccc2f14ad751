import FeedCore
public import FeedStore
import Foundation

/// A poll as it came back to the loop: the draft, the engine's plan, and what the store made of it.
struct PollCompletion: Sendable {
    let slot: Int
    let generation: Int
    let draft: PollDraft
    let plan: PollPlan
    /// The engine's memory after the poll; applied only when the commit succeeded.
    let schedule: SourceSchedule
    /// The counts and the source's new stored state, or why the store could not write.
    let commit: Result<(IngestCounts, SourceState?), StoreError>?
    /// The median extracted length of the source's history, when this poll extracted pages.
    let extractionBaseline: Int?
    /// What retention pruned after the commit, when it ran.
    var prune: Result<PruneReport, StoreError>? = nil
}

/// The network half of a poll as it came back to the loop: fetched (and parsed), planned, not yet committed.
struct FetchedPoll: Sendable {
    let task: PollTask
    let slot: Int
    let generation: Int
    let draft: PollDraft
    let plan: PollPlan
    let schedule: SourceSchedule

    /// The poll as the loop takes it when it will not be committed (a stop that ran out of time).
    var uncommitted: PollCompletion {
        PollCompletion(
            slot: slot, generation: generation, draft: draft, plan: plan, schedule: schedule, commit: nil,
            extractionBaseline: nil)
    }
}

/// One poll, run as two child tasks of the loop that touch only values they were given: ``fetch(slot:generation:)``
/// holds a network slot, ``commit(_:)`` waits for the store. The loop frees the network slot between the two, so
/// the store's commit latency does not cap how fast sources are fetched.
struct PollTask: Sendable {
    let poller: SourcePoller
    let committer: StoreCommitter
    let planner: SchedulePlanner
    let source: SourceConfig
    let address: String
    /// The host gate's key the poll started under: a reload may point the slot elsewhere before it finishes.
    let hostKey: String?
    let state: SourceState?
    let schedule: SourceSchedule
    /// Set when the source has a retention policy and is due for pruning: applied after a commit that stored
    /// new stories.
    let retention: RetentionPolicy?

    /// Fetches and parses the source and plans its next poll.
    func fetch(slot: Int, generation: Int) async -> FetchedPoll {
        let draft = await poller.poll(source, address: address, state: state)
        var schedule = schedule
        let observation = PollObservation(
            finishedAt: Date(), status: draft.fetch.status, failure: draft.failure, retryAfter: draft.retryAfter,
            hints: draft.hints, permanentRedirect: draft.permanentRedirect)
        let plan = planner.plan(observation, interval: source.interval, url: address, schedule: &schedule)
        return FetchedPoll(task: self, slot: slot, generation: generation, draft: draft, plan: plan, schedule: schedule)
    }

    /// Commits what ``fetch(slot:generation:)`` found, then prunes when retention is due.
    func commit(_ fetched: FetchedPoll) async -> PollCompletion {
        let draft = fetched.draft
        let plan = fetched.plan
        // A poll cancelled by a stop that ran out of time commits nothing: the next start redoes it whole.
        guard !Task.isCancelled else { return fetched.uncommitted }
        let record = fetched.schedule.record(withHints: draft.hints != nil)
        var poll = PollResult(
            sourceName: source.name, sourceURL: address, sourceTags: source.tags, fetch: draft.fetch,
            items: draft.items, fetchedAt: draft.startedAt, nextPollAt: plan.nextPollAt, schedule: record,
            extractorVersion: draft.extractorVersion)
        poll.feedHashes = draft.feedHashes
        if let move = plan.move { poll.fetch.movedTo = move.to }
        let store = poller.store
        let name = source.name
        // The baseline is read before this poll's revisions join it.
        let baseline = draft.extractedLengths.isEmpty
            ? nil : await OffPool.io { (try? store.extractedTextBaseline(source: name)) ?? nil }
        let commit = await committer.commit(poll).map { ($0.counts, Optional($0.state)) }
        var completion = PollCompletion(
            slot: fetched.slot, generation: fetched.generation, draft: draft, plan: plan, schedule: fetched.schedule,
            commit: commit, extractionBaseline: baseline)
        if let retention, case .success(let (counts, _)) = commit, counts.new + counts.nearDuplicate > 0 {
            completion.prune = await OffPool.io { () -> Result<PruneReport, StoreError> in
                do throws(StoreError) {
                    return .success(try store.prune(source: name, policy: retention, now: Date()))
                } catch {
                    return .failure(error)
                }
            }
        }
        return completion
    }
}

extension RetentionPolicy {
    /// The store's policy for a source's `retention` table.
    init(_ retention: SourceConfig.Retention) {
        self.init(maximumAge: retention.maxAge, maximumItems: retention.maxItems)
    }
}
