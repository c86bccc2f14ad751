import FeedCore
public import FeedFetch
public import FeedStore
import Foundation

/// What the loop can be told while it runs.
public enum DaemonCommand: Sendable {
    /// Stop starting polls, let those in flight finish (up to `shutdown_timeout`), then return.
    case stop
    /// Apply a new config: added, removed and changed sources take effect at once.
    case reload(Config)
}

/// The handle signal handlers (and tests) use to talk to a running ``Daemon``.
public struct DaemonControl: Sendable {
    let continuation: AsyncStream<DaemonCommand>.Continuation

    /// Asks the daemon to stop gracefully.
    public func stop() { continuation.yield(.stop) }

    /// Hands the daemon a new, already validated config.
    public func reload(_ config: Config) { continuation.yield(.reload(config)) }
}

/// What `once` did, for its summary and exit code.
public struct OnceSummary: Sendable {
    public var sources = 0
    public var polled = 0
    public var new = 0
    public var revised = 0
    public var duplicate = 0
    public var notModified = 0
    /// Each failed source's name and why.
    public var failures: [(source: String, error: String)] = []
}

/// The daemon: one loop that asks the politeness engine which sources are due, starts their polls within the
/// global and per-host limits, hands each fetched poll to the ``StoreCommitter``, and logs one line per poll
/// as the commits come back.
///
/// The loop is the only owner of its state (slots, queue, host gate); polls fetch in child tasks that see only
/// copies, so there is nothing to lock. Stopping is structure, not a flag polled everywhere: the stop command
/// ends the loop's `while`, the task group then waits for (or after `shutdown_timeout` cancels) its children,
/// and polls still waiting for the store are taken back uncommitted.
public final class Daemon {
    var config: Config
    let store: FeedStore
    private let committer: StoreCommitter
    private let fetcher: Fetcher
    let log: LogSink
    var planner: SchedulePlanner
    let random: @Sendable () -> Double
    var gate: HostGate
    var slots: [SourceSlot] = []
    var slotByName: [String: Int] = [:]
    var queue = DueQueue()
    /// Polls fetching (holding a network slot, counted against `concurrency`).
    var inFlight = 0
    /// Polls fetched and waiting for, or in, their commit.
    var committing = 0
    var stats = DaemonStats()
    private var storeFailures = 0
    private let commands: AsyncStream<DaemonCommand>
    /// The control handle for this daemon.
    public let control: DaemonControl
    /// Called with a one-line status after a poll, at most once a second (for systemd's `STATUS=`).
    public var onStatus: (@Sendable (String) -> Void)?
    private var statusSentAt: Date?

    /// A daemon over `config`'s sources, writing `store`, fetching with `fetcher`, logging to `log`; `random`
    /// gives the scheduler's jitter in [0, 1) (by default a ``JitterRandom``).
    public init(
        config: Config,
        store: FeedStore,
        fetcher: Fetcher,
        log: LogSink,
        random: (@Sendable () -> Double)? = nil
    ) {
        self.config = config
        self.store = store
        committer = StoreCommitter(store: store)
        self.fetcher = fetcher
        self.log = log
        let policy = PolitenessPolicy(config.daemon)
        let random = random ?? JitterRandom().next
        self.random = random
        planner = SchedulePlanner(policy: policy, random: random)
        gate = HostGate(perHostConcurrency: config.daemon.perHostConcurrency, spacing: config.daemon.hostSpacing)
        (commands, control) = {
            let (stream, continuation) = AsyncStream<DaemonCommand>.makeStream()
            return (stream, DaemonControl(continuation: continuation))
        }()
    }

    /// The fetcher settings a config asks for.
    public static func fetcherConfiguration(_ daemon: DaemonConfig) -> FetcherConfiguration {
        var fetcher = FetcherConfiguration()
        fetcher.maxConcurrentTransfers = max(daemon.concurrency, 1)
        fetcher.maxTransfersPerHost = max(daemon.perHostConcurrency, 1)
        fetcher.connectTimeout = daemon.connectTimeout
        fetcher.totalTimeout = daemon.timeout
        fetcher.lowSpeedTime = daemon.lowSpeedTime
        fetcher.lowSpeedLimit = daemon.lowSpeedLimit
        fetcher.maxBodyBytes = daemon.maxBodySize
        fetcher.maxRedirects = daemon.maxRedirects
        fetcher.userAgent = daemon.userAgent
        fetcher.caBundlePath = daemon.caBundle
        return fetcher
    }

    /// Runs until ``DaemonControl/stop()``: every source polled when the engine says, forever.
    public func run() async throws(StoreError) {
        try await load(now: Date(), once: false)
        log.log(
            .info,
            "started",
            [
                ("sources", .int(slots.count)), ("store", .string(store.path)), ("config", .string(config.file)),
            ]
        )
        await loop(once: false, progress: nil)
        await checkpoint()
        // Slots of sources a reload removed stay in `slots`, inactive: count the sources still configured.
        log.log(.info, "stopped", [("sources", .int(slots.count(where: \.active)))])
    }

    /// Folds the store's write-ahead log into the database and truncates it: ``run()`` does it before it returns;
    /// after ``once(progress:)``, the caller does, beside shutting the fetcher down.
    public func checkpoint() async {
        let store = self.store
        await OffPool.io { try? store.checkpoint() }
    }

    /// Polls every source once, now (politeness still applies), and returns what happened; ``checkpoint()``
    /// follows it.
    public func once(
        progress: (@Sendable (_ done: Int, _ total: Int, _ source: String) -> Void)? = nil
    )
        async throws(StoreError) -> OnceSummary
    {
        try await load(now: Date(), once: true)
        var summary = OnceSummary()
        summary.sources = slots.count
        onceSummary = summary
        await loop(once: true, progress: progress)
        return onceSummary
    }

    var onceSummary = OnceSummary()

    /// Builds the slots from the config and the stored states, and queues each source's first poll.
    private func load(now: Date, once: Bool) async throws(StoreError) {
        let sources = config.sources
        let stored = try await storedStateList()
        slotByName.reserveCapacity(sources.count)
        for (index, source) in sources.enumerated() { slotByName[source.name] = index }
        var matched = [SourceState?](repeating: nil, count: sources.count)
        for state in stored {
            if let index = slotByName[state.name], matched[index] == nil { matched[index] = state }
        }
        let states = matched
        // A slot is built from its config and state alone, and a start builds thousands: half on each core.
        slots = Array(builtInHalves: sources.count) { SourceSlot(config: sources[$0], state: states[$0]) }
        queue.reserveCapacity(slots.count)
        for index in slots.indices { queueFirstPoll(index, now: now, once: once) }
    }

    /// Every stored source state by name.
    func storedStates() async throws(StoreError) -> [String: SourceState] {
        Dictionary(try await storedStateList().map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every stored source state, read off the cooperative pool.
    private func storedStateList() async throws(StoreError) -> [SourceState] {
        let store = self.store
        return try await OffPool.io { () throws(StoreError) in try store.sourceStates() }
    }

    /// Adds a slot for a source the config gained, and queues its first poll.
    func addSlot(_ source: SourceConfig, state: SourceState?, now: Date) {
        slots.append(SourceSlot(config: source, state: state))
        slotByName[source.name] = slots.count - 1
        queueFirstPoll(slots.count - 1, now: now, once: false)
    }

    /// Queues a new slot's first poll: now for `once`, else when the engine says (stored next-poll times kept).
    private func queueFirstPoll(_ index: Int, now: Date, once: Bool) {
        let at =
            once ? now : planner.firstPoll(slots[index].schedule, interval: slots[index].config.interval, now: now).at
        queue.push(index, at: at, generation: slots[index].generation)
    }

    private enum LoopEvent: Sendable {
        case fetched(FetchedPoll)
        case committed([PollCompletion])
        case fetchLogPruned(Result<Int, StoreError>)
        case tick(Date)
        case command(DaemonCommand?)
    }

    private func loop(once: Bool, progress: (@Sendable (Int, Int, String) -> Void)?) async {
        let commands = self.commands
        await withTaskGroup(of: LoopEvent.self) { group in
            func listen() {
                group.addTask {
                    var iterator = commands.makeAsyncIterator()
                    return .command(await iterator.next())
                }
            }
            listen()
            var stopDeadline: Date?
            var armedUntil: Date?
            var nextStats = Date().addingTimeInterval(config.daemon.statsInterval.timeInterval)
            var done = 0
            var awaitingCommits = false
            var fetchLogPrunedAt: Date?
            while true {
                let now = Date()
                if stopDeadline == nil { startDuePolls(now: now, once: once, group: &group) }
                if committing > 0, !awaitingCommits {
                    awaitingCommits = true
                    let committer = self.committer
                    group.addTask { .committed(await committer.committed()) }
                }
                if once, inFlight + committing == 0, queue.isEmpty { break }
                if stopDeadline != nil, inFlight + committing == 0 { break }
                if !once, now >= nextStats {
                    logStats(now: now)
                    nextStats = now.addingTimeInterval(config.daemon.statsInterval.timeInterval)
                    if let prune = fetchLogPrune(now: now, lastRun: fetchLogPrunedAt) {
                        fetchLogPrunedAt = now
                        group.addTask { .fetchLogPruned(await prune()) }
                    }
                }
                // The queue's next due time wakes the loop only when a poll could start then: with every slot
                // busy (or while stopping) a due source waits for a completion, which wakes the loop anyway;
                // arming a timer for a time already past would spin the loop until a poll finishes.
                let canStart = stopDeadline == nil && mayStartPoll
                let wake =
                    [canStart ? queue.earliest : nil, stopDeadline, once ? nil : nextStats].compactMap { $0 }.min()
                    ?? now.addingTimeInterval(3600)
                if armedUntil.map({ wake < $0 }) ?? true {
                    armedUntil = wake
                    group.addTask {
                        try? await Task.sleep(for: .seconds(max(0, wake.timeIntervalSinceNow)))
                        return .tick(wake)
                    }
                }
                guard let event = await group.next() else { break }
                switch consume event {
                case .tick(let at):
                    if at == armedUntil { armedUntil = nil }
                case .fetched(let fetched):
                    fetchFinished(fetched)
                    committer.submit(fetched)
                case .committed(let completions):
                    awaitingCommits = false
                    log.batched {
                        for completion in completions {
                            apply(completion, once: once)
                            done += 1
                            progress?(done, slots.count, completion.draft.source)
                        }
                    }
                case .fetchLogPruned(.success(let rows)):
                    if rows > 0 { log.log(.info, "fetch log pruned", [("rows", .int(rows))]) }
                case .fetchLogPruned(.failure(let error)):
                    log.log(.error, "fetch log prune failed", [("error", .string(error.description))])
                case .command(.stop):
                    if stopDeadline == nil {
                        stopDeadline = Date().addingTimeInterval(config.daemon.shutdownTimeout.timeInterval)
                        log.log(.info, "stopping", [("in_flight", .int(inFlight + committing))])
                    }
                    listen()
                case .command(.reload(let newConfig)):
                    await reload(newConfig, now: Date())
                    listen()
                case .command(nil):
                    break
                }
                if let deadline = stopDeadline, Date() >= deadline, inFlight + committing > 0 {
                    log.log(
                        .warning,
                        "shutdown timeout: cancelling polls in flight, nothing of them is committed",
                        [
                            ("in_flight", .int(inFlight + committing))
                        ]
                    )
                    group.cancelAll()
                    // Cancelled polls still come back, with nothing committed, and polls waiting for the store
                    // are taken back uncommitted; a batch the store is committing finishes whole.
                    while let event = await group.next() {
                        switch event {
                        case .fetched(let fetched):
                            fetchFinished(fetched)
                            apply(fetched.uncommitted, once: once)
                        case .committed(let completions):
                            for completion in completions { apply(completion, once: once) }
                        default: break
                        }
                    }
                    for completion in committer.withdrawPending() { apply(completion, once: once) }
                    while committing > 0 {
                        for completion in await committer.committed() { apply(completion, once: once) }
                    }
                    break
                }
            }
            group.cancelAll()
        }
    }

    /// Starts every due source the global and per-host limits allow; a source its host is not ready for goes
    /// back in the queue for when it will be.
    private func startDuePolls(now: Date, once: Bool, group: inout TaskGroup<LoopEvent>) {
        while mayStartPoll, let (index, generation) = queue.popDue(now: now) {
            guard slots[index].active, slots[index].generation == generation, !slots[index].polling else { continue }
            if let key = slots[index].hostKey {
                let earliest = gate.earliestStart(key, now: now)
                if earliest > now {
                    queue.push(index, at: earliest, generation: generation)
                    continue
                }
                gate.start(key, now: now)
            }
            slots[index].polling = true
            inFlight += 1
            // Retention prunes at most hourly per source: pruning reads the source's oldest stories.
            let pruneDue = slots[index].prunedAt.map { now.timeIntervalSince($0) >= 3600 } ?? true
            let task = PollTask(
                poller: SourcePoller(fetcher: fetcher, store: store, daemon: config.daemon),
                planner: planner,
                source: slots[index].config,
                address: slots[index].address,
                hostKey: slots[index].hostKey,
                state: slots[index].state,
                schedule: slots[index].schedule,
                retention: pruneDue ? slots[index].config.retention.map(RetentionPolicy.init) : nil
            )
            group.addTask { .fetched(await task.fetch(slot: index, generation: generation)) }
        }
    }

    /// Whether a network slot is free, and the polls waiting for the store are few enough that another one
    /// may join them: fetching may run ahead of a slow store, but only so far, since waiting polls hold their
    /// items in memory.
    private var mayStartPoll: Bool {
        let concurrency = max(config.daemon.concurrency, 1)
        return inFlight < concurrency && committing < max(2 * concurrency, StoreCommitter.maximumBatch)
    }

    /// A poll's network half is over: its slot and its host's turn are free for the next.
    private func fetchFinished(_ fetched: FetchedPoll) {
        inFlight -= 1
        committing += 1
        if let key = fetched.task.hostKey {
            gate.finish(key, now: Date())
            if let until = fetched.plan.hostBlockedUntil { gate.block(key, until: until) }
        }
    }

    /// Takes a finished poll in: the engine's plan, the log lines, the next poll in the queue.
    private func apply(_ completion: PollCompletion, once: Bool) {
        let now = Date()
        committing -= 1
        // The slot is changed where it lies: a copy and its write-back would each cost a dozen reference counts,
        // on every poll.
        let index = completion.slot
        slots[index].polling = false
        var nextAt = completion.plan.nextPollAt
        var nextReason = completion.plan.reason.rawValue
        var counts: IngestCounts?
        var storeError: StoreError?
        switch completion.commit {
        case .success(let (ingested, state))?:
            storeFailures = 0
            counts = ingested
            if let state { slots[index].state = state }
            slots[index].schedule = completion.schedule
            logEvents(completion, counts: ingested, slot: &slots[index])
        case .failure(let error)?:
            // Nothing of the poll was written, so the source's stored state is as before it; keep the engine's
            // memory as before too, and retry soon with a backoff of the store's own.
            storeError = error
            storeFailures += 1
            let delay = min(5 * pow(2, Double(storeFailures - 1)), 300)
            nextAt = now.addingTimeInterval(delay)
            nextReason = "store_retry"
        case nil:
            break
        }
        if completion.commit != nil {
            log.log(
                PollLogLine.record(
                    completion,
                    counts: counts,
                    storeError: storeError,
                    nextPollAt: nextAt,
                    nextReason: nextReason,
                    health: slots[index].schedule.health
                )
            )
            count(completion, counts: counts, storeError: storeError, once: once)
        }
        for warning in completion.draft.warnings.prefix(5) {
            log.log(
                .warning,
                "source warning",
                [("source", .string(slots[index].config.name)), ("warning", .string(warning))]
            )
        }
        if slots[index].active, !once {
            // A reload that changed the URL or interval while this poll ran could not queue the source (it was
            // polling) and bumped its generation: its first poll with the new settings is due now.
            let rescheduled = slots[index].generation != completion.generation
            queue.push(index, at: rescheduled ? now : nextAt, generation: slots[index].generation)
        }
        if let prune = completion.prune {
            slots[index].prunedAt = now
            let name = slots[index].config.name
            switch prune {
            case .success(let report) where report.stories > 0:
                log.log(
                    .info,
                    "pruned",
                    [
                        ("source", .string(name)), ("stories", .int(report.stories)),
                        ("revisions", .int(report.revisions)),
                    ]
                )
            case .success:
                break
            case .failure(let error):
                log.log(.error, "prune failed", [("source", .string(name)), ("error", .string(error.description))])
            }
        }
        // A status counts every slot: after each of thousands of polls a second, that would cost more than the polls.
        if let onStatus, statusSentAt.map({ now.timeIntervalSince($0) >= 1 }) ?? true {
            statusSentAt = now
            onStatus(statusLine())
        }
    }
}
