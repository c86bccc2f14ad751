/// One slot per item, each written by exactly one worker of a `concurrentPerform` and read only after
/// all of them have returned.
///
/// `@unchecked Sendable`: every index is stored at most once, by the single worker that owns it
/// (workers take disjoint strides), and `collect()` runs after `concurrentPerform` has joined every
/// worker, which orders all stores before the reads.
package final class ResultSlots<Value>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Value?>

    package init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    package func store(_ value: consuming Value, at index: Int) {
        slots[index] = value
    }

    /// The stored values in slot order, moved out (not copied: a slot may hold a large struct): call it once.
    package func collect() -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(slots.count)
        for index in slots.indices {
            if let value = slots[index].take() { values.append(value) }
        }
        return values
    }
}
