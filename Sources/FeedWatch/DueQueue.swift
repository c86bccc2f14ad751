import Foundation

/// Sources ordered by when they are due: a binary min-heap of (time, slot), so picking the next poll among
/// thousands of sources costs a logarithm, not a scan. Stale entries (a slot rescheduled since) are skipped
/// by comparing the generation each entry was pushed with.
///
/// Sources due at the same time come in slot order, which is the config's: `once` queues everything at once, and
/// a heap that broke ties by position would scatter that order (polls, log lines and a new store's source rows
/// would follow no order an operator could recognise).
struct DueQueue {
    private struct Entry {
        let at: Date
        let slot: Int
        let generation: Int

        /// Earlier first; of the same time, the lower slot.
        static func < (lhs: Entry, rhs: Entry) -> Bool {
            lhs.at < rhs.at || (lhs.at == rhs.at && lhs.slot < rhs.slot)
        }
    }

    private var heap: [Entry] = []

    var isEmpty: Bool { heap.isEmpty }

    /// The earliest time in the queue (possibly of a stale entry: a wake-up that finds nothing is harmless).
    var earliest: Date? { heap.first?.at }

    mutating func reserveCapacity(_ count: Int) {
        heap.reserveCapacity(count)
    }

    mutating func push(_ slot: Int, at: Date, generation: Int) {
        heap.append(Entry(at: at, slot: slot, generation: generation))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child] < heap[parent] else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest entry due at or before `now`, whatever its generation.
    mutating func popDue(now: Date) -> (slot: Int, generation: Int)? {
        guard let first = heap.first, first.at <= now else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count, heap[left] < heap[smallest] { smallest = left }
                if right < heap.count, heap[right] < heap[smallest] { smallest = right }
                guard smallest != parent else { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return (first.slot, first.generation)
    }
}
