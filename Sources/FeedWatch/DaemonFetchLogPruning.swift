import FeedStore
import Foundation

extension Daemon {
    /// The fetch-log prune due at `now`, to run off the loop: hourly (on a stats tick), when `fetch_log_max_age`
    /// is set; nil when none is due. `lastRun` is when the last one started.
    func fetchLogPrune(now: Date, lastRun: Date?) -> (@Sendable () async -> Result<Int, StoreError>)? {
        let maxAge = config.daemon.fetchLogMaxAge
        guard maxAge > .zero, lastRun.map({ now.timeIntervalSince($0) >= 3600 }) ?? true else { return nil }
        let store = self.store
        let cutoff = now.addingTimeInterval(-maxAge.timeInterval)
        return {
            await OffPool.io { () -> Result<Int, StoreError> in
                Result { () throws(StoreError) in try store.pruneFetchLog(before: cutoff) }
            }
        }
    }
}
