import Foundation

extension SourceState {
    /// The state `poll` leaves the source in, with `counts` of what its items turned out to be: the one
    /// definition of what a poll does to its source, which ``PollRecordSQL/update`` writes as it is.
    ///
    /// Validators and the body hash change only on success: after a failure the next poll must still send what
    /// the server last gave. A 304 keeps them unless it carried new ones. The scheduler's record changes only
    /// when the poll has one, its hints only when the poll read new ones.
    func recording(_ poll: PollResult, counts: IngestCounts) -> SourceState {
        let fetch = poll.fetch
        var next = self
        next.url = poll.sourceURL
        if !(fetch.failed || (fetch.notModified && fetch.etag == nil && fetch.lastModified == nil)) {
            next.etag = fetch.etag
            next.lastModified = fetch.lastModified
        }
        if let bodyHash = fetch.bodyHash, !fetch.failed { next.bodyHash = bodyHash }
        next.nextPollAt = poll.nextPollAt
        next.failureStreak = fetch.failed ? failureStreak + 1 : 0
        next.lastStatus = fetch.status
        next.lastError = fetch.error
        next.lastPolledAt = poll.fetchedAt
        if !fetch.failed { next.lastSuccessAt = poll.fetchedAt }
        if counts.new + counts.nearDuplicate > 0 { next.lastNewItemAt = poll.fetchedAt }
        if let movedTo = fetch.movedTo {
            next.movedTo = movedTo
            next.movedFrom = movedFrom ?? poll.sourceURL
        }
        let hints = poll.schedule?.hints ?? schedule.hints
        if let schedule = poll.schedule { next.schedule = schedule }
        next.schedule.hints = hints
        // In SQLite's order (bytes), so the state equals one read back from the store.
        next.tags = Set(poll.sourceTags).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return next
    }
}

/// What a poll adds to the source's counts of polls, as `status` shows them.
struct PollTally {
    /// Answered 2xx with no error.
    var ok: Int
    /// Answered 304.
    var notModified: Int
    /// An error, no answer, or 4xx/5xx.
    var failed: Int

    init(_ fetch: FetchOutcome) {
        let status = fetch.status
        ok = status.map { (200...299).contains($0) } == true && fetch.error == nil ? 1 : 0
        notModified = status == 304 ? 1 : 0
        failed = fetch.failed ? 1 : 0
    }
}
