import FeedCore
public import FeedFetch
public import FeedStore
import Foundation

/// `feedwatch test NAME`: one poll of one source, every decision traced, nothing written to the store.
public struct SourceTrial {
    let poller: SourcePoller
    let planner: SchedulePlanner

    /// A trial with the daemon's fetcher, a store (whose state it reads and never changes) and config.
    public init(fetcher: Fetcher, store: FeedStore, daemon: DaemonConfig) {
        poller = SourcePoller(fetcher: fetcher, store: store, daemon: daemon)
        planner = SchedulePlanner(policy: PolitenessPolicy(daemon))
    }

    /// Polls `source` and returns the trace, one line per decision, and whether the poll succeeded.
    public func run(_ source: SourceConfig) async -> (lines: [String], ok: Bool) {
        var lines: [String] = []
        let store = poller.store
        let name = source.name
        let state = await OffPool.io { try? store.sourceState(named: name) }
        let address = SourceSlot.address(of: source, state: state)
        lines.append(
            "source '\(source.name)': \(source.kind.rawValue) at \(address)"
                + (address != source.address ? " (moved from \(source.address) after permanent redirects)" : "")
        )
        if case .url = source.location {
            lines.append("request: GET \(address)")
            let validators = SourceSlot.validators(of: state, for: address)
            let none =
                state?.etag == nil && state?.lastModified == nil ? "(none stored)" : "(none: stored for another URL)"
            lines.append("  If-None-Match: \(validators.etag ?? none)")
            lines.append("  If-Modified-Since: \(validators.lastModified ?? none)")
            for header in source.headers { lines.append("  \(header.name): \(header.value.isEmpty ? "" : "…")") }
        } else {
            lines.append("read: \(address)")
        }
        let draft = await poller.poll(source, address: address, state: state)
        let fetch = draft.fetch
        let milliseconds = Int(draft.fetch.duration.timeInterval * 1000)
        lines.append(
            "response: \(fetch.status.map { "status \($0)" } ?? "none"), \(fetch.bytes) bytes, \(milliseconds) ms"
        )
        if !draft.redirects.isEmpty {
            lines.append(
                "redirects: \(draft.redirects.map(String.init).joined(separator: " → ")) to \(draft.finalURL ?? "?")"
                    + (draft.permanentRedirect != nil
                        ? " — all permanent: the source moves after move_after polls in a row"
                        : " — not all permanent (301/308): the source does not move")
            )
        }
        if let retryAfter = draft.retryAfter { lines.append("Retry-After: \(Int(retryAfter.timeInterval)) s") }
        if let failure = draft.failure {
            lines.append("failed: \(failure)")
        } else if draft.unchanged {
            lines.append(
                fetch.status == 304
                    ? "unchanged: 304 Not Modified, the poll ends here"
                    : "unchanged: the body's SHA-256 equals the last one stored, the poll ends here"
            )
        } else {
            lines.append("new ETag: \(fetch.etag ?? "(none)"), Last-Modified: \(fetch.lastModified ?? "(none)")")
            lines.append(
                "read \(draft.items.count + draft.unchangedEntries) items"
                    + (draft.extractorVersion != nil
                        ? ", text extracted by extractor version \(draft.extractorVersion!)" : "")
            )
            let extracted = draft.items.filter { draft.readAsPage || draft.feedHashes[$0.identity] != nil }
            for item in extracted.prefix(Self.extractionsShown) { lines += Self.extractionLines(item) }
            if extracted.count > Self.extractionsShown {
                lines.append("  … and \(extracted.count - Self.extractionsShown) more extracted pages")
            }
            if draft.unchangedEntries > 0 {
                lines.append(
                    "full text: \(draft.unchangedEntries) entries unchanged since their page was fetched: skipped"
                )
            }
            for warning in draft.warnings { lines.append("warning: \(warning)") }
        }
        var poll = PollResult(
            sourceName: source.name,
            sourceURL: address,
            sourceTags: source.tags,
            fetch: fetch,
            items: draft.items,
            fetchedAt: draft.startedAt,
            extractorVersion: draft.extractorVersion
        )
        poll.feedHashes = draft.feedHashes
        let trial = poll
        do {
            let (counts, verdicts) = try await OffPool.io { () throws(StoreError) in try store.trialIngest(trial) }
            for verdict in verdicts {
                lines.append("  \(verdict.kind.rawValue): \(verdict.title ?? verdict.identity) — \(verdict.reason)")
            }
            if let change = counts.identityChange {
                lines.append(
                    "identity: the source would move from \(change.from.rawValue) to \(change.to.rawValue) keys: \(change.reason)"
                )
            }
            lines.append(
                "would store: \(counts.new) new, \(counts.revised) revised, \(counts.nearDuplicate) near duplicates, "
                    + "\(counts.duplicate + draft.unchangedEntries) duplicates"
            )
        } catch {
            lines.append("store: \(error)")
        }
        var schedule = SourceSchedule(stored: state)
        let plan = planner.plan(
            PollObservation(
                finishedAt: Date(),
                status: fetch.status,
                failure: draft.failure,
                retryAfter: draft.retryAfter,
                hints: draft.hints,
                permanentRedirect: draft.permanentRedirect
            ),
            interval: source.interval,
            url: address,
            schedule: &schedule
        )
        lines.append(
            "next poll: \(LogSink.timestamp(plan.nextPollAt)) (\(plan.reason.rawValue)); health \(schedule.health.rawValue)"
                + (plan.transition.map { " after event \($0.event): \($0.reason)" } ?? "")
        )
        lines.append("nothing was written to the store")
        return (lines, draft.failure == nil)
    }

    /// Extraction results printed in full; a `full_text` feed of fifty entries would bury the rest of the trace.
    static let extractionsShown = 10
    /// How much of an extracted text is shown: enough to tell an article from a cookie banner or a menu.
    static let previewCharacters = 200

    /// What the extractor made of one page: its title, how long its text is, and how that text begins (on one
    /// line), so a wrong pick (navigation, a consent notice, a teaser) is visible at once.
    static func extractionLines(_ item: Item) -> [String] {
        let text = item.contentText ?? ""
        let oneLine = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let preview = oneLine.count > previewCharacters ? String(oneLine.prefix(previewCharacters)) + "…" : oneLine
        return [
            "extracted: \(item.title.map { "\"\($0)\"" } ?? "(no title)"), \(text.count) characters of text"
                + (item.link.map { "; link \($0)" } ?? ""),
            "  text: \(preview.isEmpty ? "(none)" : preview)",
        ]
    }
}
