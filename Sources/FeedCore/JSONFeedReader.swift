internal import Foundation

/// Reads JSON Feed 1.0 and 1.1 (https://jsonfeed.org) into a ``RawFeed``, leniently: a field of the
/// wrong type is skipped, not fatal, as feed readers in the wild do.
enum JSONFeedReader {
    static func read(_ utf8: [UInt8]) throws(FeedParseError) -> RawFeed {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(utf8), options: [])
        } catch {
            throw .invalidJSON(reason: "the JSON does not parse (\(error.localizedDescription))")
        }
        guard let top = object as? [String: Any] else {
            throw .notAFeed(found: "found JSON whose top level is not an object")
        }
        let version = top["version"] as? String
        guard version?.contains("jsonfeed.org/version/") == true || (top["items"] is [Any] && top["title"] is String) else {
            let keys = top.keys.sorted().prefix(6).joined(separator: ", ")
            throw .notAFeed(found: "found JSON that is not a JSON Feed (no jsonfeed.org version; keys: \(keys))")
        }
        var feed = RawFeed()
        feed.format = version?.hasSuffix("/version/1") == true ? .jsonFeed10 : .jsonFeed11
        // Titles are plain text by the spec, but real feeds put HTML entities in them ("Blog &#8211; …").
        feed.title = string(top["title"]).map { RawText(value: $0) }
        if let home = string(top["home_page_url"]) { feed.links.append(RawLink(href: home)) }
        feed.description = string(top["description"]).map { RawText(value: $0, type: "text") }
        feed.language = string(top["language"])
        feed.authors = people(top)
        if top["items"] != nil && !(top["items"] is [Any]) {
            feed.warnings.append(ParseWarning("\"items\" is not an array; no items read"))
        }
        for (index, entry) in (top["items"] as? [Any] ?? []).enumerated() {
            guard let entry = entry as? [String: Any] else {
                feed.warnings.append(ParseWarning("item \(index + 1) is not an object; skipped"))
                continue
            }
            feed.items.append(item(entry))
        }
        return feed
    }

    private static func item(_ entry: [String: Any]) -> RawItem {
        var item = RawItem()
        // Ids must be strings, but numbers are common; both identify the item.
        if let id = string(entry["id"]) {
            item.guid = id
        } else if let number = entry["id"] as? NSNumber {
            item.guid = number.stringValue
        }
        item.guidIsPermaLink = false
        if let url = string(entry["url"]) { item.links.append(RawLink(href: url)) }
        if let external = string(entry["external_url"]) { item.links.append(RawLink(href: external, rel: "related")) }
        item.title = string(entry["title"]).map { RawText(value: $0) }
        if let html = string(entry["content_html"]) {
            item.content = RawText(value: html, type: "html")
        } else if let text = string(entry["content_text"]) {
            item.content = RawText(value: text, type: "text")
        }
        item.description = string(entry["summary"]).map { RawText(value: $0, type: "text") }
        item.published = string(entry["date_published"])
        item.updated = string(entry["date_modified"])
        item.authors = people(entry)
        item.categories = (entry["tags"] as? [Any] ?? []).compactMap { $0 as? String }
        item.language = string(entry["language"])
        for attachment in entry["attachments"] as? [Any] ?? [] {
            guard let attachment = attachment as? [String: Any], let url = string(attachment["url"]) else { continue }
            let size = (attachment["size_in_bytes"] as? NSNumber).map { String($0.int64Value) }
            item.enclosures.append(RawEnclosure(
                url: url, type: string(attachment["mime_type"]), length: size, kind: .enclosure,
                description: string(attachment["title"])))
        }
        if let image = string(entry["image"]) {
            item.enclosures.append(RawEnclosure(url: image, kind: .thumbnail))
        }
        return item
    }

    /// JSON Feed 1.1 `authors` (a list) and 1.0 `author` (one object); feeds written for both carry both.
    private static func people(_ object: [String: Any]) -> [RawPerson] {
        var objects = object["authors"] as? [Any] ?? []
        if let single = object["author"] { objects.append(single) }
        return objects.compactMap { value in
            guard let author = value as? [String: Any] else { return nil }
            let person = RawPerson(name: string(author["name"]), uri: string(author["url"]))
            return person.name == nil && person.uri == nil ? nil : person
        }
    }

    private static func string(_ value: Any?) -> String? {
        guard let text = value as? String, !TextNormalisation.trimmed(text).isEmpty else { return nil }
        return text
    }
}
