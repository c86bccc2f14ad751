internal import Foundation
internal import Markup

/// What a format reader collected, before normalisation: strings as the document gave them, with the
/// base URL that was in scope where each was found.
struct RawText {
    /// The text as UTF-8: content is kept as bytes, since it goes straight to the HTML parser.
    var utf8: [UInt8]
    /// Atom's `type` (`text`, `html`, `xhtml`) or a MIME type; nil where the format has none.
    var type: String?
    var base: URL?

    init(utf8: [UInt8], type: String? = nil, base: URL? = nil) {
        self.utf8 = utf8
        self.type = type
        self.base = base
    }

    init(value: String, type: String? = nil, base: URL? = nil) {
        self.init(utf8: Array(value.utf8), type: type, base: base)
    }

    var value: String { String(utf8Repairing: utf8) }
}

struct RawLink {
    var href: String
    var rel: String?
    var type: String?
    var length: String?
    var title: String?
    var base: URL?
}

struct RawPerson {
    var name: String?
    var email: String?
    var uri: String?
}

struct RawEnclosure {
    var url: String
    var type: String?
    var length: String?
    var kind: Enclosure.Kind
    var description: String?
    var base: URL?
}

struct RawItem {
    var line = 0
    var base: URL?
    var guid: String?
    var guidIsPermaLink = true
    var title: RawText?
    var links: [RawLink] = []
    var description: RawText?
    /// Media RSS's description: the summary only when the item has no description of its own.
    var mediaDescription: RawText?
    var content: RawText?
    var published: String?
    var updated: String?
    var authors: [RawPerson] = []
    var categories: [String] = []
    var enclosures: [RawEnclosure] = []
    var language: String?
}

struct RawFeed {
    var format: FeedFormat?
    var base: URL?
    var title: RawText?
    var links: [RawLink] = []
    var description: RawText?
    var language: String?
    var updated: String?
    var published: String?
    var authors: [RawPerson] = []
    var hints = PublishingHints()
    var items: [RawItem] = []
    var warnings: [ParseWarning] = []
    var wellFormed = true
}
