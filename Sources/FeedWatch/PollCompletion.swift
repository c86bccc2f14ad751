import FeedCore
import FeedStore
import Foundation

/// A poll as it came back to the loop: the draft, the engine's plan, and what the store made of it.
///
/// A class: thousands a minute pass from the store's queue through the loop's task group, and copying the
/// struct's every field there cost more than the loop's own work on it.
final class PollCompletion: Sendable {
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
    let prune: Result<PruneReport, StoreError>?

    init(
        slot: Int,
        generation: Int,
        draft: PollDraft,
        plan: PollPlan,
        schedule: SourceSchedule,
        commit: Result<(IngestCounts, SourceState?), StoreError>?,
        extractionBaseline: Int?,
        prune: Result<PruneReport, StoreError>? = nil
    ) {
        self.slot = slot
        self.generation = generation
        self.draft = draft
        self.plan = plan
        self.schedule = schedule
        self.commit = commit
        self.extractionBaseline = extractionBaseline
        self.prune = prune
    }
}

/// The network half of a poll as it came back to the loop: fetched (and parsed), planned, not yet committed.
///
/// A class for the reason ``PollCompletion`` is one: it travels through the loop's task group to the store.
final class FetchedPoll: Sendable {
    let task: PollTask
    let slot: Int
    let generation: Int
    let draft: PollDraft
    let plan: PollPlan
    let schedule: SourceSchedule

    init(task: PollTask, slot: Int, generation: Int, draft: PollDraft, plan: PollPlan, schedule: SourceSchedule) {
        self.task = task
        self.slot = slot
        self.generation = generation
        self.draft = draft
        self.plan = plan
        self.schedule = schedule
    }

    /// What the store records of the poll.
    var result: PollResult {
        var poll = PollResult(
            sourceName: task.source.name,
            sourceURL: task.address,
            sourceTags: task.source.tags,
            fetch: draft.fetch,
            items: draft.items,
            fetchedAt: draft.startedAt,
            nextPollAt: plan.nextPollAt,
            schedule: schedule.record(withHints: draft.hints != nil),
            extractorVersion: draft.extractorVersion
        )
        poll.feedHashes = draft.feedHashes
        poll.priorState = task.state
        if let move = plan.move { poll.fetch.movedTo = move.to }
        return poll
    }

    /// The poll as the loop takes it back: what the store made of it (nil: not committed), and the source's
    /// extraction baseline read before the commit.
    func completion(
        _ commit: Result<(IngestCounts, SourceState?), StoreError>?,
        baseline: Int?,
        prune: Result<PruneReport, StoreError>? = nil
    ) -> PollCompletion {
        PollCompletion(
            slot: slot,
            generation: generation,
            draft: draft,
            plan: plan,
            schedule: schedule,
            commit: commit,
            extractionBaseline: baseline,
            prune: prune
        )
    }

    /// The poll as the loop takes it when it will not be committed (a stop that ran out of time).
    var uncommitted: PollCompletion { completion(nil, baseline: nil) }
}

/// The network half of one poll, run as a child task of the loop that touches only values it was given, and
/// holds a network slot; the loop frees the slot once it is fetched and hands it to the ``StoreCommitter``,
/// so the store's commit latency does not cap how fast sources are fetched. A class: the poll's fetched result
/// and completion carry it along, and each copy of a struct this size cost two dozen reference counts.
final class PollTask: Sendable {
    let poller: SourcePoller
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

    init(
        poller: SourcePoller,
        planner: SchedulePlanner,
        source: SourceConfig,
        address: String,
        hostKey: String?,
        state: SourceState?,
        schedule: SourceSchedule,
        retention: RetentionPolicy?
    ) {
        self.poller = poller
        self.planner = planner
        self.source = source
        self.address = address
        self.hostKey = hostKey
        self.state = state
        self.schedule = schedule
        self.retention = retention
    }

    /// Fetches and parses the source and plans its next poll.
    func fetch(slot: Int, generation: Int) async -> FetchedPoll {
        let draft = await poller.poll(source, address: address, state: state)
        var schedule = schedule
        let observation = PollObservation(
            finishedAt: Date(),
            status: draft.fetch.status,
            failure: draft.failure,
            retryAfter: draft.retryAfter,
            hints: draft.hints,
            permanentRedirect: draft.permanentRedirect
        )
        let plan = planner.plan(observation, interval: source.interval, url: address, schedule: &schedule)
        return FetchedPoll(task: self, slot: slot, generation: generation, draft: draft, plan: plan, schedule: schedule)
    }
}

extension RetentionPolicy {
    /// The store's policy for a source's `retention` table.
    init(_ retention: SourceConfig.Retention) {
        self.init(maximumAge: retention.maxAge, maximumItems: retention.maxItems)
    }
}
