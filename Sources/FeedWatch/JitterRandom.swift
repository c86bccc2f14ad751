import Synchronization

/// Uniform doubles in [0, 1) for the scheduler's jitter, from SplitMix64 seeded once by the system.
///
/// `Double.random(in:)` asks the kernel (`getrandom`) on every call, a system call per poll; jitter only has to
/// spread sources apart, not be unpredictable. Safe to call from any thread: the state is one atomic counter.
final class JitterRandom: Sendable {
    private let state: Atomic<UInt64>

    /// A generator seeded from the system's random source.
    init(seed: UInt64 = UInt64.random(in: .min ... .max)) {
        state = Atomic(seed)
    }

    /// The next value in [0, 1).
    func next() -> Double {
        var z = state.wrappingAdd(0x9e37_79b9_7f4a_7c15, ordering: .relaxed).newValue
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        z ^= z >> 31
        return Double(z >> 11) * 0x1.0p-53
    }
}
