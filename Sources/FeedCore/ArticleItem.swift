internal import Foundation

extension Article {
    /// The article as a feed item, so a page source is stored like a feed with one story.
    ///
    /// Its identity is the canonical URL (else `url`), so the same page polled again is the same story and an
    /// edit of its text is a revision; the text is the paragraphs separated by blank lines.
    public func item(url: String?) -> Item {
        let link = canonicalURL ?? url
        let text = paragraphs.joined(separator: "\n\n")
        var item = Item(
            identity: ItemIdentity.key(guid: nil, link: link, title: title, published: published?.instant),
            contentHash: ContentHash.of(title: title, text: text)
        )
        item.link = link
        item.title = title
        item.authors = authors
        item.published = published
        item.updated = updated
        item.contentText = text
        item.language = language
        return item
    }

    /// The same story with its text replaced by this article's: what `full_text = true` stores.
    ///
    /// The feed's title, link and identity stay (they say which story it is); the hash is recomputed so an
    /// edit on the page is a revision even when the feed's teaser did not change.
    public func replacingText(of item: Item) -> Item {
        var item = item
        let text = paragraphs.joined(separator: "\n\n")
        item.contentText = text
        item.authors = item.authors.isEmpty ? authors : item.authors
        item.published = item.published ?? published
        item.updated = updated ?? item.updated
        item.language = item.language ?? language
        item.contentHash = ContentHash.of(title: item.title, text: text)
        return item
    }
}
