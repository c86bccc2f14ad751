import Dispatch

extension Array {
    /// `count` elements made by `element(index)`, half on each of two threads, each written straight into place.
    ///
    /// For thousands of large values (a daemon's source slots at start-up): gathering two halves and joining them
    /// would move every value twice more.
    init(builtInHalves count: Int, _ element: @Sendable (Int) -> Element) {
        self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
            let target = HalfTarget(buffer: buffer)
            let middle = count / 2
            DispatchQueue.concurrentPerform(iterations: 2) { half in
                for index in half == 0 ? 0..<middle : middle..<count {
                    target.buffer.initializeElement(at: index, to: element(index))
                }
            }
            initialized = count
        }
    }
}

/// The uninitialised storage both threads of ``Swift/Array/init(builtInHalves:_:)`` write into.
// @unchecked Sendable: the threads initialise disjoint halves, and the array is read only after concurrentPerform
// has joined both.
private struct HalfTarget<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
}
