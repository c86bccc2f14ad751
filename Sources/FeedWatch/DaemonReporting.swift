import FeedStore
import Foundation

/// What the daemon tells its operator besides the poll lines: events (health transitions, moves, layout
/// changes), the once summary's counts, the periodic stats line and systemd's `STATUS=` text.
extension Daemon {
    /// Health transitions, moves and layout changes: each logged once, as its own event line.
    func logEvents(_ completion: PollCompletion, counts: IngestCounts, slot: inout SourceSlot) {
        let name = slot.config.name
        if let transition = completion.plan.transition {
            log.log(
                transition.to == .healthy ? .info : .warning,
                "source \(transition.event.replacingOccurrences(of: "_", with: " "))",
                [
                    ("source", .string(name)), ("event", .string(transition.event)),
                    ("from", .string(transition.from.rawValue)),
                    ("to", .string(transition.to.rawValue)), ("reason", .string(transition.reason)),
                ]
            )
        }
        if let move = completion.plan.move {
            log.log(
                .warning,
                "source moved",
                [
                    ("source", .string(name)), ("event", .string("moved")), ("from", .string(move.from)),
                    ("to", .string(move.to)), ("polls", .int(move.polls)),
                ]
            )
            slot.move(to: move.to)
        }
        if let change = counts.identityChange {
            log.log(
                .warning,
                "source identity changed",
                [
                    ("source", .string(name)), ("event", .string("identity")), ("from", .string(change.from.rawValue)),
                    ("to", .string(change.to.rawValue)), ("reason", .string(change.reason)),
                ]
            )
        }
        let lengths = completion.draft.extractedLengths.sorted()
        if let baseline = completion.extractionBaseline, !lengths.isEmpty {
            let median = lengths[lengths.count / 2]
            // A third of the source's usual length, or nothing where there used to be text: the extractor
            // is probably reading the wrong part of a redesigned page.
            if median * 3 < baseline {
                log.log(
                    .warning,
                    "extracted text much thinner than usual: has the site changed its layout?",
                    [
                        ("source", .string(name)), ("event", .string("thin_extraction")),
                        ("median_chars", .int(median)), ("usual_chars", .int(baseline)), ("pages", .int(lengths.count)),
                    ]
                )
            }
        }
    }

    func count(_ completion: PollCompletion, counts: IngestCounts?, storeError: StoreError?, once: Bool) {
        let draft = completion.draft
        stats.polls += 1
        if draft.fetch.status == 304 { stats.notModified += 1 } else if draft.fetch.status == 200 { stats.ok200 += 1 }
        if draft.failure != nil || storeError != nil { stats.failures += 1 }
        stats.stored += (counts?.new ?? 0) + (counts?.revised ?? 0) + (counts?.nearDuplicate ?? 0)
        guard once else { return }
        onceSummary.polled += 1
        onceSummary.new += counts?.new ?? 0
        onceSummary.revised += counts?.revised ?? 0
        onceSummary.duplicate += (counts?.duplicate ?? 0) + draft.unchangedEntries
        if draft.unchanged { onceSummary.notModified += 1 }
        if let error = storeError.map({ "store: \($0)" }) ?? draft.failure {
            onceSummary.failures.append((draft.source, error))
        }
    }

    func logStats(now: Date) {
        var health: [SourceHealth: Int] = [:]
        for slot in slots where slot.active { health[slot.schedule.health, default: 0] += 1 }
        log.log(stats.record(health: health, sources: slots.count { $0.active }, now: now))
        stats = DaemonStats(since: now)
    }

    /// `STATUS=` text: sources, how many are failing, polls and items since the last stats line.
    public func statusLine() -> String {
        let active = slots.count(where: \.active)
        let failing = slots.count { $0.active && $0.schedule.health != .healthy }
        return "\(active) sources, \(failing) failing; \(stats.polls) polls, \(stats.stored) items stored, "
            + "\(inFlight) in flight"
    }
}
