public import FeedCore
public import FeedStore
public import Foundation

/// What one poll of one source learned before anything is committed: the scheduler adds its plan, then the
/// store commits it all in one transaction (or nothing, if the store cannot write).
public struct PollDraft: Sendable {
    /// The source's name.
    public var source: String
    /// The URL (or path) polled.
    public var address: String
    /// When the poll started.
    public var startedAt: Date
    /// The fetch as the store records it.
    public var fetch: FetchOutcome
    /// The items to ingest.
    public var items: [Item] = []
    /// `full_text` items whose feed entry was already fetched and stored: left out, counted as duplicates.
    public var unchangedEntries = 0
    /// The feed's publishing hints, when a feed was read.
    public var hints: PublishingHints?
    /// The server's Retry-After delay.
    public var retryAfter: Duration?
    /// The final URL, when every redirect hop was permanent.
    public var permanentRedirect: String?
    /// The status of each redirect followed, and the URL the answer finally came from.
    public var redirects: [Int] = []
    public var finalURL: String?
    /// Set when the items' text was extracted from pages.
    public var extractorVersion: Int?
    /// True when the document itself was read as an article page (kind `page`, or `auto` and not a feed): every
    /// item's text was extracted. A `full_text` feed's extracted items are those in ``feedHashes``.
    public var readAsPage = false
    /// For `full_text`: item identity → the feed entry's content hash.
    public var feedHashes: [String: String] = [:]
    /// Things that did not stop the poll but an operator should see.
    public var warnings: [String] = []
    /// Extracted text lengths of this poll's pages, for the layout-change warning.
    public var extractedLengths: [Int] = []
    /// True for a 304 or a body identical to the last one: the poll ended without parsing.
    public var unchanged = false

    /// Why the poll failed, or nil.
    public var failure: String? {
        if let error = fetch.error { return error }
        guard let status = fetch.status else { return "no response" }
        return status >= 400 ? "HTTP \(status)" : nil
    }
}
