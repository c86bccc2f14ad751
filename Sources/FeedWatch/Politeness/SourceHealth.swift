/// Where a source stands in the failure lifecycle: healthy → backing off → failing → (recovered) healthy.
public enum SourceHealth: String, Sendable, Hashable, CaseIterable {
    /// The last poll succeeded.
    case healthy
    /// Failing, fewer than `failing_after` times in a row: retried with a doubling wait.
    case backingOff = "backing_off"
    /// At least `failing_after` failures in a row: polled at `backoff_max` forever, never disabled.
    case failing
}
