import Foundation
import GRDB

/// A story with every revision, as one line of `feedwatch export`.
public struct ExportedStory: Sendable, Hashable {
    /// The story.
    public var item: StoredItem
    /// Every revision, oldest first.
    public var revisions: [StoredRevision]
}

extension FeedStore {
    /// Calls `body` with every story matching `query` (its limit ignored), oldest first, with all revisions.
    ///
    /// Stories are read in batches, each in its own short read transaction, so memory stays constant and —
    /// what matters as much — an export that takes an hour never holds one snapshot open: a reader holding
    /// a snapshot stops checkpoints from recycling the WAL, which would then grow for as long as it reads.
    public func export(
        _ query: ItemQuery = ItemQuery(),
        batchSize: Int = 500,
        _ body: (ExportedStory) throws -> Void
    ) throws {
        var after: Int64 = 0
        while true {
            let batch = try read(operation: "export stories after \(after)") { db -> [ExportedStory] in
                var conditions = ["item.id > ?"]
                var arguments: StatementArguments = [after]
                Self.filter(query, conditions: &conditions, arguments: &arguments)
                arguments += [batchSize]
                let items = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(StoredItem.columns) FROM item \(StoredItem.joins)
                        WHERE \(conditions.joined(separator: " AND ")) ORDER BY item.id LIMIT ?
                        """,
                    arguments: arguments
                ).map(StoredItem.init)
                if items.isEmpty { return [] }
                var revisions: [Int64: [StoredRevision]] = [:]
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT item_id, \(StoredRevision.columns) FROM revision
                        WHERE item_id IN (\(Array(repeating: "?", count: items.count).joined(separator: ",")))
                        ORDER BY item_id, number
                        """,
                    arguments: StatementArguments(items.map(\.id))
                )
                while let row = try rows.next() {
                    let itemID: Int64 = row[0]
                    revisions[itemID, default: []].append(StoredRevision(row, from: 1))
                }
                return items.map { ExportedStory(item: $0, revisions: revisions[$0.id] ?? []) }
            }
            guard let last = batch.last else { return }
            for story in batch { try body(story) }
            after = last.item.id
        }
    }
}
