import Foundation

/// One JSON object per line for `feedwatch items --json`, `search --json` and `export`: keys in a fixed
/// order, times in ISO 8601 UTC, absent values as null.
extension StoredItem {
    /// This story as one line of JSON (no trailing newline).
    public var jsonLine: String {
        "{" + fields.joined(separator: ",") + "}"
    }

    var fields: [String] {
        [
            "\"id\":\(id)", "\"source\":" + JSONText.quoted(source), "\"identity\":" + JSONText.quoted(identity),
            "\"link\":" + JSONText.optional(link), "\"first_seen\":" + JSONText.date(firstSeen),
            "\"revisions\":\(revisionCount)", "\"cluster\":\(clusterID)", "\"title\":" + JSONText.optional(title),
            "\"published\":" + (published.map(JSONText.date) ?? "null"),
            "\"content_hash\":" + JSONText.quoted(contentHash), "\"categories\":" + JSONText.array(categories),
            "\"summary\":" + JSONText.optional(summary),
        ]
    }
}

extension SearchHit {
    /// This hit as one line of JSON.
    public var jsonLine: String {
        "{" + (item.fields + ["\"snippet\":" + JSONText.quoted(snippet), "\"score\":\(score)"]).joined(separator: ",")
            + "}"
    }
}

extension ExportedStory {
    /// This story and every revision as one line of JSON.
    public var jsonLine: String {
        let revisions = self.revisions.map { revision in
            "{"
                + [
                    "\"number\":\(revision.number)", "\"content_hash\":" + JSONText.quoted(revision.contentHash),
                    "\"fetched_at\":" + JSONText.date(revision.fetchedAt),
                    "\"title\":" + JSONText.optional(revision.title),
                    "\"authors\":" + JSONText.array(revision.authors),
                    "\"categories\":" + JSONText.array(revision.categories),
                    "\"published\":" + (revision.published.map(JSONText.date) ?? "null"),
                    "\"updated\":" + (revision.updated.map(JSONText.date) ?? "null"),
                    "\"language\":" + JSONText.optional(revision.language),
                    "\"simhash\":\"" + String(revision.simhash, radix: 16) + "\"",
                    "\"summary\":" + JSONText.optional(revision.summary),
                    "\"text\":" + JSONText.optional(revision.text),
                    "\"html\":" + JSONText.optional(revision.html),
                ].joined(separator: ",") + "}"
        }
        let itemFields = item.fields.filter { !$0.hasPrefix("\"summary\"") && !$0.hasPrefix("\"categories\"") }
        return "{"
            + (itemFields + ["\"revision_list\":[" + revisions.joined(separator: ",") + "]"]).joined(separator: ",")
            + "}"
    }
}

extension JSONText {
    static func optional(_ string: String?) -> String {
        string.map(quoted) ?? "null"
    }

    /// ISO 8601 UTC with seconds, e.g. `2022-04-05T14:48:00Z`.
    static func date(_ date: Date) -> String {
        "\"" + date.formatted(.iso8601) + "\""
    }
}
