import FeedCore
import GRDB

/// When a source's GUIDs (then its links) cannot be trusted to tell stories apart, and what to key by instead.
///
/// Two kinds of bad feed exist in the wild: one GUID repeated on every item (a CMS template bug), and GUIDs
/// regenerated on every poll (a timestamp or session id in the GUID). Both would lose or duplicate stories.
/// The source then falls back to the normalised link, or where links are just as bad, to the content hash;
/// the change is sticky, logged through ``IngestCounts/identityChange`` and kept in `source.identity_reason`.
enum IdentityPolicy {
    /// The key a story is stored under in `mode`.
    static func key(for item: Item, linkKey: String?, mode: IdentityMode) -> String {
        switch mode {
        case .guid: item.identity
        case .link: linkKey.map { "link:" + $0 } ?? "content:" + item.contentHash
        case .content: "content:" + item.contentHash
        }
    }

    /// The mode change this poll's items call for, if any.
    static func decide(_ db: Database, source: SourceRow, items: [Item]) throws -> IdentityModeChange? {
        let linkKeys = items.map { $0.link.map(URLResolution.normalisedLink) }
        switch source.identityMode {
        case .content:
            return nil
        case .link:
            if let clash = clash(items, keys: linkKeys.map { $0.map { "link:" + $0 } }) {
                return IdentityModeChange(
                    from: .link,
                    to: .content,
                    reason: "the feed gives one link to different stories (\(clash))"
                )
            }
            return nil
        case .guid:
            var reason: String?
            if let clash = clash(items, keys: items.map { $0.guid == nil ? nil : $0.identity }) {
                reason = "the feed gives one GUID to different stories (\(clash))"
            } else {
                let churned = try churnedGUIDs(db, source: source, items: items, linkKeys: linkKeys)
                let withGUID = items.filter { $0.guid != nil }.count
                // Half the GUID-bearing items at once: one story re-keyed by a CMS migration is not a pattern.
                if churned > 0, churned * 2 >= withGUID {
                    reason = "\(churned) of \(withGUID) items came back under new GUIDs with the same link and content"
                }
            }
            guard let reason else { return nil }
            let links = linkKeys.compactMap { $0 }
            let linksUsable =
                links.count == items.count && clash(items, keys: linkKeys.map { $0.map { "link:" + $0 } }) == nil
            return IdentityModeChange(from: .guid, to: linksUsable ? .link : .content, reason: reason)
        }
    }

    /// A description of the first key given to two items with different links or content, or nil.
    private static func clash(_ items: [Item], keys: [String?]) -> String? {
        var seen: [String: (link: String?, hash: String)] = [:]
        var clashes = 0
        var first: String?
        for (item, key) in zip(items, keys) {
            guard let key else { continue }
            if let earlier = seen[key] {
                if earlier.hash != item.contentHash || earlier.link != item.link {
                    clashes += 1
                    if first == nil { first = key }
                }
            } else {
                seen[key] = (item.link, item.contentHash)
            }
        }
        guard let first else { return nil }
        return "\(clashes + 1) items share '\(first.prefix(100))'"
    }

    /// Items whose GUID is unseen although the source stored the same link with the same content under
    /// another GUID.
    private static func churnedGUIDs(
        _ db: Database,
        source: SourceRow,
        items: [Item],
        linkKeys: [String?]
    ) throws -> Int {
        var churned = 0
        for (item, linkKey) in zip(items, linkKeys) {
            guard item.guid != nil, let linkKey else { continue }
            let known =
                try Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM item WHERE source_id = ? AND identity = ?)"),
                    arguments: [source.id, item.identity]
                ) ?? false
            if known { continue }
            let sameStoryElsewhere =
                try Bool.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT EXISTS (SELECT 1 FROM item JOIN revision ON revision.item_id = item.id
                                           WHERE item.source_id = ? AND item.link_key = ? AND item.identity <> ?
                                             AND revision.content_hash = ?)
                            """
                    ),
                    arguments: [source.id, linkKey, item.identity, item.contentHash]
                ) ?? false
            if sameStoryElsewhere { churned += 1 }
        }
        return churned
    }
}
