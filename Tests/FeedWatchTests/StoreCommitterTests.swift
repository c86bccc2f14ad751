import FeedCore
import FeedFetch
import Foundation
import Testing

@testable import FeedStore
@testable import FeedWatch

/// The store half of polls: committed in batches, handed back in order, taken back on a stop.
@Suite struct StoreCommitterTests {
    let directory: URL
    let store: FeedStore
    let fetcher = Fetcher()

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("committer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try FeedStore(path: directory.appendingPathComponent("store.sqlite").path)
    }

    /// A fetched poll of source `name` that brought one new story.
    private func fetched(_ name: String, slot: Int) -> FetchedPoll {
        let source = SourceConfig(name: name, location: .url("https://\(name).example/feed"))
        let task = PollTask(
            poller: SourcePoller(fetcher: fetcher, store: store, daemon: DaemonConfig()),
            planner: SchedulePlanner(policy: PolitenessPolicy(DaemonConfig())),
            source: source,
            address: source.address,
            hostKey: nil,
            state: nil,
            schedule: SourceSchedule(),
            retention: nil
        )
        var draft = PollDraft(
            source: name,
            address: source.address,
            startedAt: Date(timeIntervalSince1970: 1_700_000_000),
            fetch: FetchOutcome(status: 200, bodyHash: "body-\(name)", bytes: 100)
        )
        let text = "The whole story of \(name), told once."
        var item = Item(identity: "guid:\(name)-1", contentHash: ContentHash.of(title: "Story of \(name)", text: text))
        item.guid = "\(name)-1"
        item.title = "Story of \(name)"
        item.link = "https://\(name).example/1"
        item.contentText = text
        draft.items = [item]
        let plan = PollPlan(nextPollAt: Date(timeIntervalSince1970: 1_700_000_900), reason: .interval)
        return FetchedPoll(task: task, slot: slot, generation: 0, draft: draft, plan: plan, schedule: SourceSchedule())
    }

    @Test func everyPollComesBackCommittedInTheOrderItWasSubmitted() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let committer = StoreCommitter(store: store)
        for n in 0..<40 { committer.submit(fetched("s\(n)", slot: n)) }
        var back: [PollCompletion] = []
        while back.count < 40 { back += await committer.committed() }
        #expect(back.map(\.slot) == Array(0..<40))
        for completion in back {
            guard case .success(let (counts, state))? = completion.commit else {
                Issue.record("slot \(completion.slot) was not committed: \(String(describing: completion.commit))")
                continue
            }
            #expect(counts.new == 1)
            #expect(state?.name == "s\(completion.slot)")
        }
        #expect(try await store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM item") } == 40)
    }

    @Test func pollsArrivingWhileABatchGathersCommitTogether() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let committer = StoreCommitter(store: store, gatheringDelay: .seconds(2))
        let first = fetched("first", slot: 0)
        let second = fetched("second", slot: 1)
        // A thread of its own, so that the pause between the two polls does not wait for the cooperative pool,
        // which the rest of the suite keeps busy: the second poll arrives well inside the first one's delay.
        let submitter = Thread {
            committer.submit(first)
            usleep(50_000)
            committer.submit(second)
        }
        submitter.start()
        let back = await committer.committed()
        #expect(back.map(\.slot) == [0, 1], "the first poll was committed alone")
    }

    @Test func aCancelledWaitReturnsNothingAndLosesNothing() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let committer = StoreCommitter(store: store)
        let waiting = Task { await committer.committed() }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        #expect(await waiting.value.isEmpty)
        committer.submit(fetched("late", slot: 7))
        let back = await committer.committed()
        #expect(back.map(\.slot) == [7])
    }

    @Test func pollsNotYetInABatchAreTakenBackUncommitted() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        // The store's queue is held for a moment, so no batch can start: every poll submitted is still waiting.
        let hold = DispatchSemaphore(value: 0)
        OffPool.ioQueue.async { hold.wait() }
        let committer = StoreCommitter(store: store)
        for n in 0..<3 { committer.submit(fetched("s\(n)", slot: n)) }
        let withdrawn = committer.withdrawPending()
        hold.signal()
        #expect(withdrawn.map(\.slot) == [0, 1, 2])
        #expect(withdrawn.allSatisfy { $0.commit == nil })
        committer.submit(fetched("after", slot: 3))
        #expect(await committer.committed().map(\.slot) == [3])
        #expect(try await store.pool.read { try String.fetchAll($0, sql: "SELECT name FROM source") } == ["after"])
    }
}
