internal import Foundation
internal import Markup

/// Reads RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 from XML events into a ``RawFeed``.
///
/// One state machine for every XML format: the root element names the format, and each element is
/// interpreted by its vocabulary and by the role of its parent (channel, item, person, media group), so a
/// `title` inside `image` or an Atom `source` is never mistaken for the item's. Not Sendable: one instance
/// reads one document.
///
/// A value: ``Events`` hands it libxml2's events, one access to it per event, and everything an event
/// changes is then a field of a local struct rather than of class storage checked on every touch.
struct XMLFeedReader {
    enum Role { case root, channel, item, person, mediaGroup, skipHours, skipDays, capturing, captured, ignored }

    enum Field {
        case feedTitle, feedLink, feedDescription, feedLanguage, feedUpdated, feedPublished
        case ttl, updatePeriod, updateFrequency, skipHour, skipDay
        case guid, title, link, description, content, published, updated, author, category, language
        case mediaDescription, personName, personEmail, personURI
    }

    struct Frame {
        var role: Role
        var base: URL?
    }

    struct Capture {
        var field: Field
        var depth: Int
        var type: String?
        var base: URL?
        var guidIsPermaLink = true
    }

    private(set) var feed = RawFeed()
    private(set) var root: XMLName?
    private let documentURL: URL?
    private var stack: [Frame] = []
    private var item: RawItem?
    private var person: RawPerson?
    private var capture: Capture?
    /// The open capture's bytes and whether they are markup; kept outside `capture` because text
    /// arrives in many small pieces (every `&lt;` is a call of its own) and each append must be cheap.
    private var captureBuffer: [UInt8] = []
    /// The capture's text while it has come in one piece, as a whole field's text often does (a CDATA
    /// section, a text run the parser carved): kept at its exact size, it becomes the field's bytes without
    /// a second copy. A second piece moves it into `captureBuffer`.
    private var capturePiece: [UInt8]?
    private var captureIsMarkup = false
    private var unnamespacedAtom = false
    /// Where each open `media:group` / `media:content` began in the item's enclosures, so a
    /// `media:description` inside it describes the media it groups.
    private var mediaGroupStarts: [Int] = []

    init(documentURL: URL?) {
        self.documentURL = documentURL
    }

    // MARK: events

    mutating func startElement(_ name: XMLName, attributes: [XMLAttribute], line: Int) {
        // Frames carry only what xml:base set; the normaliser falls back to the feed's link, then the URL
        // the document came from, in that order.
        var base = stack.last?.base
        if let xmlBase = Self.value(attributes, "base", FeedNamespace.xml) {
            let trimmed = xmlBase.trimmingCharacters(in: .whitespacesAndNewlines)
            base = URL(string: trimmed, relativeTo: base ?? documentURL)?.absoluteURL ?? base
        }
        if capture != nil {
            appendStartTag(name, attributes)
            stack.append(Frame(role: .captured, base: base))
            return
        }
        guard let parent = stack.last?.role else {
            stack.append(Frame(role: detectFormat(name, attributes), base: base))
            if let lang = Self.value(attributes, "lang", FeedNamespace.xml) { feed.language = lang }
            if stack.last?.role == .item { beginItem(line: line, base: base, attributes: attributes) }
            feed.base = base
            return
        }
        let role: Role
        switch parent {
        case .root: role = rootChild(name, attributes, line: line, base: base)
        case .channel: role = channelChild(name, attributes, line: line, base: base)
        case .item: role = itemChild(name, attributes, base: base)
        case .person: role = personChild(name, base: base)
        case .mediaGroup: role = mediaChild(name, attributes, base: base)
        case .skipHours: role = name.localName == "hour" ? begin(.skipHour, base: base) : .ignored
        case .skipDays: role = name.localName == "day" ? begin(.skipDay, base: base) : .ignored
        case .capturing, .captured, .ignored: role = .ignored
        }
        stack.append(Frame(role: role, base: base))
    }

    mutating func endElement(_ name: XMLName) {
        guard let frame = stack.popLast() else { return }
        switch frame.role {
        case .captured:
            appendEndTag(name)
        case .capturing:
            finishCapture()
        case .item:
            endItem()
        case .mediaGroup:
            _ = mediaGroupStarts.popLast()
        case .person:
            if let person {
                if item != nil { item?.authors.append(person) } else { feed.authors.append(person) }
            }
            person = nil
        default:
            break
        }
    }

    mutating func characters(_ text: UnsafeBufferPointer<UInt8>) {
        guard capture != nil else { return }
        if !captureIsMarkup, captureBuffer.isEmpty, capturePiece == nil {
            capturePiece = [UInt8](text)
            return
        }
        flushCapturePiece()
        if captureIsMarkup {
            HTMLSanitiser.escape(text, into: &captureBuffer, quotes: false)
        } else if text.count == 1 {
            captureBuffer.append(text[0])
        } else {
            captureBuffer.append(contentsOf: text)
        }
    }

    /// Closes what a truncated document left open, so a partly read item is kept rather than lost.
    mutating func finishDocument() {
        while !stack.isEmpty { endElement(XMLName(namespace: nil, localName: "")) }
    }

    // MARK: roles

    private mutating func detectFormat(_ name: XMLName, _ attributes: [XMLAttribute]) -> Role {
        root = name
        switch (name.namespace, name.localName) {
        case (nil, "rss"):
            let version = Self.value(attributes, "version")?.trimmingCharacters(in: .whitespaces) ?? ""
            if version.hasPrefix("0.91") || version == "0.9" {
                feed.format = .rss091
            } else if version.hasPrefix("0.9") {
                feed.format = .rss092
            } else {
                feed.format = .rss20
            }
            return .root
        case (_, "RDF"), (nil, "rdf"):
            return .root
        case (FeedNamespace.atom10, "feed"), (FeedNamespace.atom03, "feed"), (nil, "feed"):
            if name.namespace == nil {
                unnamespacedAtom = true
                feed.warnings.append(ParseWarning("<feed> has no Atom namespace; read as Atom 1.0"))
            }
            feed.format = name.namespace == FeedNamespace.atom03 ? .atom03 : .atom10
            return .channel
        case (FeedNamespace.atom10, "entry"), (FeedNamespace.atom03, "entry"):
            feed.format = name.namespace == FeedNamespace.atom10 ? .atom10 : .atom03
            return .item
        default:
            return .ignored
        }
    }

    /// The vocabulary of an element, reading un-namespaced elements of an un-namespaced `<feed>` as Atom.
    private func vocabulary(_ name: XMLName) -> FeedNamespace.Vocabulary {
        if unnamespacedAtom && name.namespace == nil { return .atom }
        return FeedNamespace.vocabulary(name.namespace)
    }

    private mutating func rootChild(_ name: XMLName, _ attributes: [XMLAttribute], line: Int, base: URL?) -> Role {
        guard let root else { return .ignored }
        if root.localName != "rss" {
            guard vocabulary(name) == .rss else { return .ignored }
            if feed.format == nil { feed.format = name.namespace == FeedNamespace.rss090 ? .rss090 : .rss10 }
            switch name.localName {
            case "channel": return .channel
            case "item":
                beginItem(line: line, base: base, attributes: attributes)
                return .item
            default: return .ignored
            }
        }
        if name.namespace == nil && name.localName == "channel" { return .channel }
        // Some RSS 0.9x generators put items beside the channel rather than inside it.
        if name.namespace == nil && name.localName == "item" {
            beginItem(line: line, base: base, attributes: attributes)
            return .item
        }
        return .ignored
    }

    private mutating func channelChild(_ name: XMLName, _ attributes: [XMLAttribute], line: Int, base: URL?) -> Role {
        switch (vocabulary(name), name.localName) {
        case (.rss, "item"), (.atom, "entry"):
            beginItem(line: line, base: base, attributes: attributes)
            return .item
        case (.rss, "title"), (.atom, "title"): return begin(.feedTitle, base: base, attributes)
        case (.rss, "link"): return begin(.feedLink, base: base)
        case (.rss, "description"), (.atom, "subtitle"), (.atom, "tagline"):
            return begin(.feedDescription, base: base, attributes)
        case (.rss, "language"), (.dublinCore, "language"): return begin(.feedLanguage, base: base)
        case (.rss, "lastBuildDate"), (.atom, "updated"), (.atom, "modified"), (.dublinCore, "date"):
            return begin(.feedUpdated, base: base)
        case (.rss, "pubDate"): return begin(.feedPublished, base: base)
        case (.rss, "ttl"): return begin(.ttl, base: base)
        case (.rss, "skipHours"): return .skipHours
        case (.rss, "skipDays"): return .skipDays
        case (.syndication, "updatePeriod"): return begin(.updatePeriod, base: base)
        case (.syndication, "updateFrequency"): return begin(.updateFrequency, base: base)
        case (.atom, "link"):
            if let link = Self.link(attributes, base: base) { feed.links.append(link) }
            return .ignored
        case (.atom, "author"):
            person = RawPerson()
            return .person
        default:
            return .ignored
        }
    }

    private mutating func itemChild(_ name: XMLName, _ attributes: [XMLAttribute], base: URL?) -> Role {
        let vocabulary = vocabulary(name)
        switch (vocabulary, name.localName) {
        case (.rss, "title"), (.atom, "title"): return begin(.title, base: base, attributes)
        case (.rss, "link"): return begin(.link, base: base)
        case (.rss, "description"), (.atom, "summary"), (.itunes, "summary"):
            return begin(.description, base: base, attributes)
        case (.content, "encoded"): return begin(.content, base: base)
        case (.xhtml, "body"):
            let role = begin(.content, base: base)
            captureIsMarkup = true
            return role
        case (.atom, "content"):
            if let source = Self.value(attributes, "src") {
                item?.links.append(
                    RawLink(href: source, rel: "content", type: Self.value(attributes, "type"), base: base)
                )
            }
            return begin(.content, base: base, attributes)
        case (.rss, "guid"), (.atom, "id"):
            let role = begin(.guid, base: base)
            capture?.guidIsPermaLink =
                Self.value(attributes, "isPermaLink")?.lowercased() != "false" && vocabulary == .rss
            return role
        case (.rss, "pubDate"), (.atom, "published"), (.atom, "issued"), (.dublinCoreTerms, "issued"),
            (.dublinCoreTerms, "created"):
            return begin(.published, base: base)
        case (.dublinCore, "date"):
            return item?.published == nil ? begin(.published, base: base) : .ignored
        case (.atom, "updated"), (.atom, "modified"), (.dublinCoreTerms, "modified"): return begin(.updated, base: base)
        case (.rss, "author"), (.dublinCore, "creator"), (.itunes, "author"): return begin(.author, base: base)
        case (.atom, "author"), (.atom, "contributor"):
            person = RawPerson()
            return .person
        case (.rss, "category"), (.dublinCore, "subject"):
            return begin(.category, base: base)
        case (.atom, "category"):
            if let term = Self.value(attributes, "label") ?? Self.value(attributes, "term") {
                item?.categories.append(term)
            }
            return .ignored
        case (.atom, "link"):
            if let link = Self.link(attributes, base: base) { item?.links.append(link) }
            return .ignored
        case (.rss, "enclosure"):
            if let url = Self.value(attributes, "url") {
                item?.enclosures.append(
                    RawEnclosure(
                        url: url,
                        type: Self.value(attributes, "type"),
                        length: Self.value(attributes, "length"),
                        kind: .enclosure,
                        base: base
                    )
                )
            }
            return .ignored
        case (.dublinCore, "language"): return begin(.language, base: base)
        case (.media, _): return mediaChild(name, attributes, base: base)
        default: return .ignored
        }
    }

    private mutating func mediaChild(_ name: XMLName, _ attributes: [XMLAttribute], base: URL?) -> Role {
        guard FeedNamespace.vocabulary(name.namespace) == .media else { return .ignored }
        switch name.localName {
        case "group":
            mediaGroupStarts.append(item?.enclosures.count ?? 0)
            return .mediaGroup
        case "content", "thumbnail":
            mediaGroupStarts.append(item?.enclosures.count ?? 0)
            if let url = Self.value(attributes, "url") {
                item?.enclosures.append(
                    RawEnclosure(
                        url: url,
                        type: Self.value(attributes, "type"),
                        length: Self.value(attributes, "fileSize"),
                        kind: name.localName == "content" ? .mediaContent : .thumbnail,
                        base: base
                    )
                )
            }
            return .mediaGroup
        case "description": return begin(.mediaDescription, base: base, attributes)
        case "keywords": return begin(.category, base: base)
        default: return .ignored
        }
    }

    private mutating func personChild(_ name: XMLName, base: URL?) -> Role {
        guard vocabulary(name) == .atom else { return .ignored }
        switch name.localName {
        case "name": return begin(.personName, base: base)
        case "email": return begin(.personEmail, base: base)
        case "uri", "url": return begin(.personURI, base: base)
        default: return .ignored
        }
    }

    // MARK: items

    private mutating func beginItem(line: Int, base: URL?, attributes: [XMLAttribute]) {
        var fresh = RawItem()
        fresh.line = line
        fresh.base = base
        fresh.language = Self.value(attributes, "lang", FeedNamespace.xml)
        item = fresh
    }

    private mutating func endItem() {
        guard let finished = item else { return }
        feed.items.append(finished)
        item = nil
    }

    // MARK: captures

    private mutating func begin(_ field: Field, base: URL?, _ attributes: [XMLAttribute] = []) -> Role {
        var fresh = Capture(field: field, depth: stack.count, base: base)
        captureBuffer.removeAll(keepingCapacity: true)
        capturePiece = nil
        captureIsMarkup = false
        if let type = Self.value(attributes, "type") {
            fresh.type = type.lowercased()
            captureIsMarkup = fresh.type == "xhtml" || fresh.type == "application/xhtml+xml"
        }
        capture = fresh
        return .capturing
    }

    private mutating func flushCapturePiece() {
        guard let piece = capturePiece else { return }
        captureBuffer.append(contentsOf: piece)
        capturePiece = nil
    }

    private mutating func appendStartTag(_ name: XMLName, _ attributes: [XMLAttribute]) {
        guard capture != nil else { return }
        flushCapturePiece()
        if !captureIsMarkup {
            // Markup inside a text field: what was read so far was text, and must now be escaped as such.
            var escaped: [UInt8] = []
            HTMLSanitiser.escape(captureBuffer, into: &escaped, quotes: false)
            captureBuffer = escaped
            captureIsMarkup = true
        }
        captureBuffer.append(UInt8(ascii: "<"))
        captureBuffer.append(contentsOf: name.localName.utf8)
        for attribute in attributes where attribute.name.namespace == nil {
            captureBuffer.append(UInt8(ascii: " "))
            captureBuffer.append(contentsOf: attribute.name.localName.utf8)
            captureBuffer.append(contentsOf: "=\"".utf8)
            HTMLSanitiser.escape(attribute.value, into: &captureBuffer, quotes: true)
            captureBuffer.append(UInt8(ascii: "\""))
        }
        captureBuffer.append(UInt8(ascii: ">"))
    }

    private mutating func appendEndTag(_ name: XMLName) {
        guard capture != nil, !name.localName.isEmpty else { return }
        flushCapturePiece()
        captureBuffer.append(contentsOf: "</".utf8)
        captureBuffer.append(contentsOf: name.localName.utf8)
        captureBuffer.append(UInt8(ascii: ">"))
    }

    private mutating func finishCapture() {
        guard let done = capture else { return }
        capture = nil
        // An exact-size copy: the capture buffer keeps its capacity for the next field, and what the item
        // keeps carries no slack.
        var bytes =
            captureBuffer.isEmpty
            ? capturePiece ?? []
            : [UInt8](unsafeUninitializedCapacity: captureBuffer.count) { target, initialised in
                initialised = target.initialize(fromContentsOf: captureBuffer)
            }
        capturePiece = nil
        let type = captureIsMarkup ? "xhtml" : done.type
        if done.type == "xhtml" { bytes = Self.unwrapXHTMLDiv(bytes) }
        let text = RawText(utf8: bytes, type: type, base: done.base)
        // Fields kept as bytes need no string of their own.
        switch done.field {
        case .content:
            item?.content = text
            return
        case .description:
            if item?.description == nil || item?.description?.utf8.isEmpty == true { item?.description = text }
            return
        case .title:
            item?.title = text
            return
        case .feedTitle:
            feed.title = text
            return
        case .feedDescription:
            feed.description = text
            return
        default:
            break
        }
        let value = String(utf8Repairing: bytes)
        let trimmed = TextNormalisation.trimmed(value)
        switch done.field {
        case .feedLink: if !trimmed.isEmpty { feed.links.append(RawLink(href: trimmed, base: done.base)) }
        case .feedLanguage: if feed.language == nil || !trimmed.isEmpty { feed.language = trimmed }
        case .feedUpdated: feed.updated = trimmed
        case .feedPublished: feed.published = trimmed
        case .ttl: feed.hints.ttlMinutes = Int(trimmed)
        case .updatePeriod: feed.hints.updatePeriod = trimmed.lowercased()
        case .updateFrequency: feed.hints.updateFrequency = Int(trimmed)
        case .skipHour: if let hour = Int(trimmed), (0...24).contains(hour) { feed.hints.skipHours.append(hour % 24) }
        case .skipDay: if !trimmed.isEmpty { feed.hints.skipDays.append(trimmed.capitalized) }
        case .guid:
            item?.guid = trimmed
            item?.guidIsPermaLink = done.guidIsPermaLink
        case .link: if !trimmed.isEmpty { item?.links.append(RawLink(href: trimmed, base: done.base)) }
        case .description, .content, .title, .feedTitle, .feedDescription: break
        case .published: item?.published = trimmed
        case .updated: item?.updated = trimmed
        case .author: if !trimmed.isEmpty { item?.authors.append(Self.rssPerson(trimmed)) }
        case .category: if !trimmed.isEmpty { item?.categories.append(trimmed) }
        case .language: item?.language = trimmed
        case .mediaDescription:
            let description = RawText(value: value, type: done.type ?? "text", base: done.base)
            if item?.mediaDescription == nil { item?.mediaDescription = description }
            if let start = mediaGroupStarts.last, let count = item?.enclosures.count, start < count {
                for index in start..<count where item?.enclosures[index].description == nil {
                    item?.enclosures[index].description = trimmed
                }
            }
        case .personName: person?.name = trimmed
        case .personEmail: person?.email = trimmed
        case .personURI: person?.uri = trimmed
        }
    }
}

extension XMLFeedReader {
    /// Receives libxml2's events for an ``XMLFeedReader`` and passes each one on to it.
    final class Events: XMLContentHandler {
        // Unchecked: each event is one call on the parsing thread that mutates `reader` and calls nothing
        // that could reach this object again, so accesses never overlap; the dynamic exclusivity check
        // cost two runtime calls per event.
        @exclusivity(unchecked) private(set) var reader: XMLFeedReader

        init(_ reader: XMLFeedReader) {
            self.reader = reader
        }

        func startElement(_ name: XMLName, attributes: [XMLAttribute], line: Int) {
            reader.startElement(name, attributes: attributes, line: line)
        }

        func endElement(_ name: XMLName) {
            reader.endElement(name)
        }

        func characters(_ text: UnsafeBufferPointer<UInt8>) {
            reader.characters(text)
        }

        /// Closes what a truncated document left open.
        func finishDocument() {
            reader.finishDocument()
        }
    }
}
