import Foundation
import Testing

@testable import FeedWatch

@Suite struct DueQueueTests {
    @Test func popsDueEntriesEarliestFirstAndKeepsTheRest() {
        var queue = DueQueue()
        let base = Date(timeIntervalSince1970: 1000)
        for (slot, offset) in [(0, 30.0), (1, 10), (2, 20), (3, 40), (4, 0)] {
            queue.push(slot, at: base.addingTimeInterval(offset), generation: 0)
        }
        var popped: [Int] = []
        while let (slot, _) = queue.popDue(now: base.addingTimeInterval(25)) { popped.append(slot) }
        #expect(popped == [4, 1, 2])
        #expect(queue.earliest == base.addingTimeInterval(30))
        #expect(queue.popDue(now: base) == nil)
    }

    /// `once` queues every source at the same time: they come out in config (slot) order, not scattered by the heap.
    @Test func entriesDueAtTheSameTimeComeInSlotOrder() {
        var queue = DueQueue()
        let now = Date(timeIntervalSince1970: 1000)
        for slot in 0..<100 { queue.push(slot, at: now, generation: 0) }
        queue.push(500, at: now.addingTimeInterval(-1), generation: 0)
        var popped: [Int] = []
        while let (slot, _) = queue.popDue(now: now) { popped.append(slot) }
        #expect(popped == [500] + Array(0..<100))
    }

    @Test func keepsGenerationsSoStaleEntriesCanBeSkipped() {
        var queue = DueQueue()
        let now = Date()
        queue.push(7, at: now, generation: 1)
        queue.push(7, at: now, generation: 2)
        let first = queue.popDue(now: now)
        let second = queue.popDue(now: now)
        #expect(Set([first?.generation, second?.generation]) == [1, 2])
        #expect(queue.isEmpty)
    }

    @Test func staysOrderedUnderManyRandomPushes() {
        var queue = DueQueue()
        var generator = SystemRandomNumberGenerator()
        for slot in 0..<2000 {
            queue.push(
                slot,
                at: Date(timeIntervalSince1970: Double.random(in: 0..<1_000_000, using: &generator)),
                generation: 0
            )
        }
        var last = -1.0
        var count = 0
        while let (slot, _) = queue.popDue(now: .distantFuture) {
            _ = slot
            count += 1
            let next = queue.earliest?.timeIntervalSince1970 ?? .infinity
            #expect(next >= last)
            last = next
        }
        #expect(count == 2000)
    }
}
