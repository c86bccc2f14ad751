internal import Foundation
internal import Markup

/// Turns what a format reader collected into the one normalised ``Feed`` shape: plain-text titles,
/// sanitised content, absolute links, parsed dates, identities and content hashes.
struct FeedNormaliser: Sendable {
    let context: ParseContext
    let dates: DateParser
    /// How many threads may normalise items at once; items are independent, so order is kept by index.
    let threads: Int

    init(context: ParseContext, threads: Int = 1) {
        self.context = context
        self.dates = DateParser(assumedTimeZone: context.timeZone)
        self.threads = max(1, threads)
    }

    func normalise(_ raw: RawFeed) throws(FeedParseError) -> Feed {
        guard let format = raw.format else { throw .notAFeed(found: "no feed format recognised") }
        var feed = Feed(format: format)
        feed.wellFormed = raw.wellFormed
        var warnings = raw.warnings
        let documentBase = URLResolution.base(raw.base?.absoluteString, context.url?.absoluteString)
        feed.link = Self.alternateLink(raw.links).flatMap {
            URLResolution.resolve($0.href, against: $0.base ?? documentBase)
        }
        // Relative item links resolve against xml:base, then the feed's own link, then the fetched URL.
        let feedBase = URLResolution.base(feed.link, context.url?.absoluteString)
        feed.title = raw.title.map { plainText($0) }.flatMap(Self.nonEmpty)
        feed.description = raw.description.map { plainText($0) }.flatMap(Self.nonEmpty)
        feed.language = raw.language.flatMap(Self.nonEmpty)
        feed.updated = date(raw.updated, "feed updated", &warnings) ?? date(raw.published, "feed pubDate", &warnings)
        feed.hints = raw.hints
        let normalised = items(raw, feedBase: feedBase, format: format)
        feed.items = normalised.items
        warnings.append(contentsOf: normalised.warnings)
        feed.warnings = warnings
        return feed
    }

    /// Every item, normalised on up to ``threads`` threads: content HTML goes through libxml2's HTML
    /// parser item by item, which is most of the work and shares nothing between items.
    private func items(_ raw: RawFeed, feedBase: URL?, format: FeedFormat) -> (items: [Item], warnings: [ParseWarning])
    {
        let count = raw.items.count
        let workers = count >= 32 ? min(threads, count / 16) : 1
        @Sendable func normalise(_ index: Int, _ reader: HTMLFragmentReader, _ warnings: inout [ParseWarning]) -> Item {
            item(
                raw.items[index],
                number: index + 1,
                feedBase: feedBase,
                feedAuthors: raw.authors,
                format: format,
                reader,
                &warnings
            )
        }
        guard workers > 1 else {
            // Straight into the two arrays: items are not copied out of (item, warnings) pairs afterwards.
            let reader = HTMLFragmentReader()
            var items: [Item] = []
            items.reserveCapacity(count)
            var warnings: [ParseWarning] = []
            for index in raw.items.indices { items.append(normalise(index, reader, &warnings)) }
            return (items, warnings)
        }
        let results = ResultSlots<(item: Item, warnings: [ParseWarning])>(count: count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            // One libxml2 HTML context per worker thread, reused for every item it takes.
            let reader = HTMLFragmentReader()
            var index = worker
            while index < count {
                var warnings: [ParseWarning] = []
                let normalised = normalise(index, reader, &warnings)
                results.store((normalised, warnings), at: index)
                index += workers
            }
        }
        let collected = results.collect()
        return (collected.map(\.item), collected.flatMap(\.warnings))
    }

    private func item(
        _ raw: RawItem,
        number: Int,
        feedBase: URL?,
        feedAuthors: [RawPerson],
        format: FeedFormat,
        _ reader: HTMLFragmentReader,
        _ warnings: inout [ParseWarning]
    ) -> Item {
        let base = Self.base(raw.base, below: feedBase)
        let title = raw.title.map { plainText($0, reader) }.flatMap(Self.nonEmpty)
        let where_ = "item \(number)" + (raw.line > 0 ? " (line \(raw.line))" : "")

        var link = Self.alternateLink(raw.links).flatMap {
            URLResolution.resolve($0.href, against: Self.base($0.base, below: base))
        }
        if link == nil, raw.guidIsPermaLink, let guid = raw.guid,
            guid.hasPrefix("http://") || guid.hasPrefix("https://")
        {
            link = URLResolution.resolve(guid, against: nil)
        }

        var content: HTMLConversion?
        if let rawContent = raw.content, !rawContent.utf8.isEmpty {
            content = convert(rawContent, base: base, reader)
        }
        let summary = (raw.description ?? raw.mediaDescription).map { plainText($0, reader) }.flatMap(Self.nonEmpty)
        let published = date(raw.published, "\(where_) published date", &warnings)
        let updated = date(raw.updated, "\(where_) updated date", &warnings)

        let guid = raw.guid.flatMap(Self.nonEmpty)
        let text = content?.text ?? summary
        var item = Item(
            identity: ItemIdentity.key(guid: guid, link: link, title: title, published: published?.instant),
            // Titles and texts come out of plainText/convert already folded (TextFolder), so the hash
            // need not fold the text a second time.
            contentHash: ContentHash.of(title: title, foldedText: text)
        )
        item.guid = guid
        item.link = link
        item.title = title
        item.summary = summary
        item.contentHTML = content.flatMap { Self.nonEmpty($0.html) }
        item.contentText = content.flatMap { Self.nonEmpty($0.text) }
        item.published = published
        item.updated = updated
        // Atom and JSON Feed items without an author have the feed's (RFC 4287 §4.2.1; JSON Feed 1.1).
        let people =
            raw.authors.isEmpty && format != .rss090 && format != .rss091 && format != .rss092
                && format != .rss10 && format != .rss20 ? feedAuthors : raw.authors
        item.authors = Self.unique(people.compactMap(Self.displayName))
        item.categories = Self.unique(
            raw.categories.map { TextNormalisation.foldWhitespace($0) }.filter { !$0.isEmpty }
        )
        item.enclosures = enclosures(raw, base: base, reader)
        item.language = raw.language.flatMap(Self.nonEmpty)
        return item
    }

    private func enclosures(_ raw: RawItem, base: URL?, _ reader: HTMLFragmentReader) -> [Enclosure] {
        var result: [Enclosure] = []
        for link in raw.links where link.rel == "enclosure" {
            guard let url = URLResolution.resolve(link.href, against: Self.base(link.base, below: base)) else {
                continue
            }
            result.append(
                Enclosure(url: url, mimeType: link.type, length: link.length.flatMap { Int($0) }, kind: .enclosure)
            )
        }
        for enclosure in raw.enclosures {
            guard let url = URLResolution.resolve(enclosure.url, against: Self.base(enclosure.base, below: base)) else {
                continue
            }
            let description = enclosure.description.map {
                HTMLConversion.plainText(utf8: Array($0.utf8), reader: reader)
            }
            .flatMap(Self.nonEmpty)
            result.append(
                Enclosure(
                    url: url,
                    mimeType: enclosure.type,
                    length: enclosure.length.flatMap { Int($0) },
                    kind: enclosure.kind,
                    description: description
                )
            )
        }
        // An item has a handful of enclosures: comparing each with those kept costs less than a set.
        var kept: [Enclosure] = []
        kept.reserveCapacity(result.count)
        for enclosure in result where !kept.contains(where: { $0.url == enclosure.url && $0.kind == enclosure.kind }) {
            kept.append(enclosure)
        }
        return kept
    }

    // MARK: pieces

    private func date(_ text: String?, _ what: String, _ warnings: inout [ParseWarning]) -> FeedDate? {
        guard let text, !text.isEmpty else { return nil }
        if let parsed = dates.parse(text) { return parsed }
        warnings.append(ParseWarning("\(what): cannot read \"\(text.prefix(80))\" as a date; left empty"))
        return nil
    }

    /// Plain text of a title-like field: Atom `type="text"` is literal text; everything else may carry HTML.
    private func plainText(_ text: RawText, _ reader: HTMLFragmentReader? = nil) -> String {
        if text.type == "text" || text.type == "text/plain" { return TextNormalisation.foldWhitespace(text.value) }
        return HTMLConversion.plainText(utf8: text.utf8, reader: reader)
    }

    private func convert(_ text: RawText, base: URL?, _ reader: HTMLFragmentReader) -> HTMLConversion {
        if text.type == "text" || text.type == "text/plain" {
            // Literal text: its paragraphs become <p> elements so that the HTML says what the text says.
            let paragraphs = text.value.split(separator: "\n\n").map { TextNormalisation.foldWhitespace($0) }.filter {
                !$0.isEmpty
            }
            var html: [UInt8] = []
            for paragraph in paragraphs {
                html.append(contentsOf: "<p>".utf8)
                HTMLSanitiser.escape(paragraph, into: &html, quotes: false)
                html.append(contentsOf: "</p>".utf8)
            }
            return HTMLConversion(html: String(utf8Repairing: html), text: paragraphs.joined(separator: "\n\n"))
        }
        // A RawText is valid UTF-8: it was made from a String, or read from a document that DocumentCharset
        // decoded (which replaces whatever does not decode) by libxml2, which hands back whole characters.
        return HTMLConversion.convert(
            utf8: text.utf8,
            base: Self.base(text.base, below: base),
            reader: reader,
            validUTF8: true
        )
    }

    /// An `xml:base` made absolute against the base above it; with none, the base above applies.
    static func base(_ xmlBase: URL?, below outer: URL?) -> URL? {
        guard let xmlBase else { return outer }
        if xmlBase.scheme != nil { return xmlBase }
        guard let outer else { return nil }
        return URL(string: xmlBase.relativeString, relativeTo: outer)?.absoluteURL ?? outer
    }

    static func alternateLink(_ links: [RawLink]) -> RawLink? {
        let alternates = links.filter { $0.rel == nil || $0.rel == "alternate" }
        return alternates.first { $0.type == nil || $0.type?.lowercased().contains("html") == true } ?? alternates.first
    }

    static func displayName(_ person: RawPerson) -> String? {
        for candidate in [person.name, person.email, person.uri] {
            if let candidate, case let folded = TextNormalisation.foldWhitespace(candidate), !folded.isEmpty {
                return folded
            }
        }
        return nil
    }

    static func nonEmpty(_ text: String) -> String? {
        text.isEmpty ? nil : text
    }

    static func unique(_ values: [String]) -> [String] {
        // An item's authors and categories are a few strings: comparing each with those kept costs less
        // than hashing every one into a set (and equality is String's == either way).
        guard values.count > 1 else { return values }
        guard values.count > 16 else {
            var kept: [String] = []
            kept.reserveCapacity(values.count)
            for value in values where !kept.contains(value) { kept.append(value) }
            return kept
        }
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
