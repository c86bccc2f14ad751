import Foundation
import Testing

@testable import FeedWatch

/// The scheduler's jitter: uniform in [0, 1), and safe to draw from many polls at once.
@Suite struct JitterRandomTests {
    @Test func valuesAreInRangeAndSpreadEvenly() {
        let random = JitterRandom(seed: 42)
        var buckets = [Int](repeating: 0, count: 10)
        for _ in 0..<100_000 {
            let value = random.next()
            #expect(value >= 0 && value < 1)
            buckets[Int(value * 10)] += 1
        }
        // Each tenth holds 10,000 ± a few hundred for a uniform generator; a fixed seed makes this exact.
        #expect(buckets.allSatisfy { (9_500...10_500).contains($0) }, "\(buckets)")
    }

    @Test func aSeedGivesItsSequenceAndTwoSeedsDiffer() {
        let first = JitterRandom(seed: 7)
        let again = JitterRandom(seed: 7)
        let other = JitterRandom(seed: 8)
        let sequence = (0..<5).map { _ in first.next() }
        #expect((0..<5).map { _ in again.next() } == sequence)
        #expect((0..<5).map { _ in other.next() } != sequence)
    }

    @Test func concurrentDrawsNeverRepeatAValue() async {
        let random = JitterRandom(seed: 1)
        let values = await withTaskGroup(of: [Double].self) { group in
            for _ in 0..<8 { group.addTask { (0..<10_000).map { _ in random.next() } } }
            return await group.reduce(into: []) { $0 += $1 }
        }
        // A lost update of the shared state would hand two draws the same value.
        #expect(Set(values).count == values.count)
    }
}
