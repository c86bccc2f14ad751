internal import Foundation

/// Reads JSON Feed 1.0 and 1.1 (https://jsonfeed.org) into a ``RawFeed``, leniently: a field of the
/// wrong type is skipped, not fatal, as feed readers in the wild do.
enum JSONFeedReader {
    /// `fastPath: false` reads every document with JSONSerialization (to compare the two).
    static func read(_ utf8: [UInt8], fastPath: Bool = true) throws(FeedParseError) -> RawFeed {
        let document: JSONValue
        var damage: (reason: String, items: Int)?
        if fastPath, let parsed = JSONValue.parse(utf8) {
            document = parsed
        } else {
            do {
                document = try foundationParse(utf8)
            } catch {
                let reason = "the JSON does not parse (\(error.localizedDescription))"
                guard let (recovered, items) = JSONFeedRecovery.itemsBeforeDamage(utf8, parse: Self.parse) else {
                    throw .invalidJSON(reason: reason)
                }
                document = recovered
                damage = (reason, items)
            }
        }
        guard let top = document.object else {
            throw .notAFeed(found: "found JSON whose top level is not an object")
        }
        let version = top["version"]?.string
        guard
            version?.contains("jsonfeed.org/version/") == true
                || (top["items"]?.array != nil && top["title"]?.string != nil)
        else {
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
        if top["items"] != nil && top["items"]?.array == nil {
            feed.warnings.append(ParseWarning("\"items\" is not an array; no items read"))
        }
        for (index, entry) in (top["items"]?.array ?? []).enumerated() {
            guard let entry = entry.object else {
                feed.warnings.append(ParseWarning("item \(index + 1) is not an object; skipped"))
                continue
            }
            feed.items.append(item(entry))
        }
        if let damage {
            feed.wellFormed = false
            feed.warnings.append(
                ParseWarning(
                    "not well-formed JSON: \(damage.reason); read the \(damage.items) item(s) before the damage"
                )
            )
        }
        return feed
    }

    /// `utf8` as JSON, by the fast reader or else Foundation's; nil when it does not parse.
    private static func parse(_ utf8: [UInt8]) -> JSONValue? {
        JSONValue.parse(utf8) ?? (try? foundationParse(utf8))
    }

    /// `utf8` as JSON by Foundation's reader, whose error says what is wrong.
    private static func foundationParse(_ utf8: [UInt8]) throws -> JSONValue {
        JSONValue(foundation: try JSONSerialization.jsonObject(with: Data(utf8), options: []))
    }

    private static func item(_ entry: [String: JSONValue]) -> RawItem {
        var item = RawItem()
        // Ids must be strings, but numbers are common; both identify the item.
        if let id = string(entry["id"]) {
            item.guid = id
        } else if let number = entry["id"]?.number {
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
        item.categories = (entry["tags"]?.array ?? []).compactMap(\.string)
        item.language = string(entry["language"])
        for attachment in entry["attachments"]?.array ?? [] {
            guard let attachment = attachment.object, let url = string(attachment["url"]) else { continue }
            let size = attachment["size_in_bytes"]?.number.map { String($0.int64Value) }
            item.enclosures.append(
                RawEnclosure(
                    url: url,
                    type: string(attachment["mime_type"]),
                    length: size,
                    kind: .enclosure,
                    description: string(attachment["title"])
                )
            )
        }
        if let image = string(entry["image"]) {
            item.enclosures.append(RawEnclosure(url: image, kind: .thumbnail))
        }
        return item
    }

    /// JSON Feed 1.1 `authors` (a list) and 1.0 `author` (one object); feeds written for both carry both.
    private static func people(_ object: [String: JSONValue]) -> [RawPerson] {
        var objects = object["authors"]?.array ?? []
        if let single = object["author"] { objects.append(single) }
        return objects.compactMap { value in
            guard let author = value.object else { return nil }
            let person = RawPerson(name: string(author["name"]), uri: string(author["url"]))
            return person.name == nil && person.uri == nil ? nil : person
        }
    }

    private static func string(_ value: JSONValue?) -> String? {
        guard let text = value?.string, !TextNormalisation.trimmed(text).isEmpty else { return nil }
        return text
    }
}
