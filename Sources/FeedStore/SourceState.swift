public import Foundation
import GRDB

/// What the store remembers about a source between polls: what the next conditional GET sends, and health.
public struct SourceState: Sendable, Hashable {
    /// The source's name in the config.
    public var name: String
    /// The URL last polled.
    public var url: String
    /// The `ETag` to send as `If-None-Match`.
    public var etag: String?
    /// The `Last-Modified` to send as `If-Modified-Since`.
    public var lastModified: String?
    /// SHA-256 of the last body parsed: an equal body ends the next poll without parsing.
    public var bodyHash: String?
    /// When the scheduler last planned the next poll.
    public var nextPollAt: Date?
    /// Failed polls in a row.
    public var failureStreak: Int
    /// The last HTTP status, if a response arrived.
    public var lastStatus: Int?
    /// Why the last poll failed, if it did.
    public var lastError: String?
    /// When the source was last polled.
    public var lastPolledAt: Date?
    /// When a poll last succeeded.
    public var lastSuccessAt: Date?
    /// When a poll last brought a new story.
    public var lastNewItemAt: Date?
    /// Where a permanent redirect pointed.
    public var movedTo: String?
    /// How the source's stories are keyed.
    public var identityMode: IdentityMode
    /// Why the source left GUID mode, if it did.
    public var identityReason: String?
}

extension FeedStore {
    /// The stored state of the source named `name`, or nil before its first poll.
    public func sourceState(named name: String) throws(StoreError) -> SourceState? {
        try read(operation: "read state of source '\(name)'") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM source WHERE name = ?", arguments: [name]).map(SourceState.init)
        }
    }

    /// Every source's stored state, by name.
    public func sourceStates() throws(StoreError) -> [SourceState] {
        try read(operation: "read source states") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM source ORDER BY name").map(SourceState.init)
        }
    }
}

extension SourceState {
    init(_ row: Row) {
        func date(_ column: String) -> Date? { (row[column] as Double?).map(Date.init(timeIntervalSince1970:)) }
        name = row["name"]
        url = row["url"]
        etag = row["etag"]
        lastModified = row["last_modified"]
        bodyHash = row["body_hash"]
        nextPollAt = date("next_poll_at")
        failureStreak = row["failure_streak"]
        lastStatus = row["last_status"]
        lastError = row["last_error"]
        lastPolledAt = date("last_polled_at")
        lastSuccessAt = date("last_success_at")
        lastNewItemAt = date("last_new_item_at")
        movedTo = row["moved_to"]
        identityMode = IdentityMode(rawValue: row["identity_mode"]) ?? .guid
        identityReason = row["identity_reason"]
    }
}
