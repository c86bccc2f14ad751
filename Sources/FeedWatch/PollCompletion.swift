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

/// One poll from start to commit, run as a child task of the loop: it touches only values it was given.
struct PollTask: Sendable {
    let poller: SourcePoller
    let committer: StoreCommitter
    let planner: SchedulePlanner
    let source: SourceConfig
    let address: String
    let state: SourceState?
    let schedule: SourceSchedule
    /// Set when the source has a retention policy and is due for pruning: applied after a commit that stored
    /// new stories.
    let retention: RetentionPolicy?

    func run(slot: Int, generation: Int) async -> PollCompletion {
        let draft = await poller.poll(source, address: address, state: state)
        var schedule = schedule
        let observation = PollObservation(
            finishedAt: Date(), status: draft.fetch.status, failure: draft.failure, retryAfter: draft.retryAfter,
            hints: draft.hints, permanentRedirect: draft.permanentRedirect)
        let plan = planner.plan(observation, interval: source.interval, url: address, schedule: &schedule)
        // A poll cancelled by a stop that ran out of time commits nothing: the next start redoes it whole.
        guard !Task.isCancelled else {
            return PollCompletion(
                slot: slot, generation: generation, draft: draft, plan: plan, schedule: schedule, commit: nil,
                extractionBaseline: nil)
        }
        let record = schedule.record(withHints: draft.hints != nil)
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
            slot: slot, generation: generation, draft: draft, plan: plan, schedule: schedule, commit: commit,
            extractionBaseline: baseline)
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
