public import Foundation
internal import Markup

/// What the caller knows about a document that its bytes may not say.
public struct ParseContext: Sendable {
    /// The URL the document was fetched from: the last base for relative links.
    public var url: URL?
    /// The charset from the HTTP `Content-Type`, if any.
    public var charset: String?
    /// The zone assumed for times that state none (the source's configured `timezone`).
    public var timeZone: TimeZone

    /// Creates a context; by default nothing is known and UTC is assumed.
    public init(url: URL? = nil, charset: String? = nil, timeZone: TimeZone = TimeZone(secondsFromGMT: 0) ?? .current) {
        self.url = url
        self.charset = charset
        self.timeZone = timeZone
    }
}

/// Why a document could not be read as a feed.
public enum FeedParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes are something other than a feed; the text says what was found.
    case notAFeed(found: String)
    /// The document was refused as hostile or too large.
    case refused(reason: String)
    /// The JSON is not a JSON Feed, or is not valid JSON.
    case invalidJSON(reason: String)

    public var description: String {
        switch self {
        case .notAFeed(let found): return "not a feed: \(found)"
        case .refused(let reason): return "document refused: \(reason)"
        case .invalidJSON(let reason): return "not a JSON Feed: \(reason)"
        }
    }
}

/// Turns the bytes of any real-world feed (RSS 0.90–2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1) into a ``Feed``.
///
/// The format is recognised from the bytes, never from a URL or a content type. XML is read strictly
/// first; a document that is not well-formed is read again by libxml2's recovering parser, so every
/// readable item comes back, with the feed marked ill-formed and the reason among its warnings.
public struct FeedParser: Sendable {
    /// Bounds on document size, nesting and entity expansion.
    public var limits: Limits

    /// Bounds applied to every document.
    public struct Limits: Sendable, Hashable {
        /// Largest document accepted, in bytes.
        public var maxDocumentBytes = 128 << 20
        /// Deepest element nesting accepted.
        public var maxDepth = 200
        /// Total bytes references to entities declared in the document may expand to.
        public var maxEntityExpansionBytes = 1 << 20

        /// The default limits.
        public init() {}
    }

    /// How many threads may normalise the items of one feed at once (sanitising and hashing their
    /// content). 1, the default, suits a daemon that parses many feeds at once; a one-off parse of a
    /// large file can use every core.
    public var threads: Int

    /// Creates a parser.
    public init(limits: Limits = Limits(), threads: Int = 1) {
        self.limits = limits
        self.threads = threads
    }

    /// Parses a feed.
    public func parse(_ bytes: [UInt8], context: ParseContext = ParseContext()) throws(FeedParseError) -> Feed {
        guard bytes.count <= limits.maxDocumentBytes else {
            throw .refused(
                reason: MarkupError.documentTooLarge(bytes: bytes.count, limit: limits.maxDocumentBytes).description
            )
        }
        // Compressed files and images are no feed, whatever a recovering parser would make of them.
        if let binary = BinarySniff.signature(bytes) { throw .notAFeed(found: "found \(binary)") }
        let decoded = DocumentCharset.decodeXML(bytes, callerCharset: context.charset)
        let normaliser = FeedNormaliser(context: context, threads: threads)
        var feed: Feed
        if Self.looksLikeJSON(decoded.utf8) {
            feed = try normaliser.normalise(JSONFeedReader.read(decoded.utf8))
        } else {
            var utf8 = decoded.utf8
            var leniency: ParseWarning?
            // Whitespace before the XML declaration is a well-formedness error that many generators make
            // and that hides nothing; skipping it spares a whole recovering pass.
            if let start = utf8.firstIndex(where: { !Self.isXMLSpace($0) }), start > 0,
                utf8[start...].starts(with: Array("<?xml".utf8))
            {
                utf8.removeFirst(start)
                leniency = ParseWarning("\(start) byte(s) of whitespace before the XML declaration skipped")
            }
            var raw = try readXML(utf8, url: context.url)
            if let leniency { raw.warnings.insert(leniency, at: 0) }
            feed = try normaliser.normalise(raw)
        }
        feed.charset = decoded.charset
        feed.charsetSource = decoded.source
        feed.warnings.insert(contentsOf: decoded.warnings, at: 0)
        return feed
    }

    private func readXML(_ utf8: [UInt8], url: URL?) throws(FeedParseError) -> RawFeed {
        var parser = XMLStreamParser(
            limits: MarkupLimits(
                maxDocumentBytes: limits.maxDocumentBytes,
                maxDepth: limits.maxDepth,
                maxEntityExpansionBytes: limits.maxEntityExpansionBytes
            )
        )
        // DocumentCharset's decoding gives valid UTF-8 whatever it was given, replacing what does not decode.
        parser.documentIsValidUTF8 = true
        var events = XMLFeedReader.Events(XMLFeedReader(documentURL: url))
        var outcome = try Self.run(parser, utf8, recover: false, events)
        var wellFormed = outcome.wellFormed
        if !wellFormed {
            // The strict pass stopped at the first error; the recovering pass reads everything it can.
            events = XMLFeedReader.Events(XMLFeedReader(documentURL: url))
            let recovered = try Self.run(parser, utf8, recover: true, events)
            events.finishDocument()
            outcome.notices = recovered.notices
            wellFormed = false
        }
        guard var raw = Optional(events.reader.feed), raw.format != nil else {
            throw .notAFeed(found: Self.describe(root: events.reader.root, utf8))
        }
        if !wellFormed {
            let reason = outcome.errors.first.map(\.description) ?? "unknown error"
            raw.warnings.append(
                ParseWarning(
                    "not well-formed XML (\(reason)); read with libxml2's recovering parser, "
                        + "\(raw.items.count) item(s) recovered"
                )
            )
        }
        for notice in outcome.notices {
            raw.warnings.append(ParseWarning(notice.message, line: notice.line > 0 ? notice.line : nil))
        }
        raw.wellFormed = wellFormed
        return raw
    }

    private static func run(
        _ parser: XMLStreamParser,
        _ utf8: [UInt8],
        recover: Bool,
        _ events: XMLFeedReader.Events
    ) throws(FeedParseError) -> XMLParseOutcome {
        do {
            return try parser.parse(utf8: utf8, recover: recover, handler: events)
        } catch {
            throw .refused(reason: error.description)
        }
    }

    static func isXMLSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    static func looksLikeJSON(_ utf8: [UInt8]) -> Bool {
        for byte in utf8.prefix(1024) {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): continue
            case UInt8(ascii: "{"), UInt8(ascii: "["): return true
            default: return false
            }
        }
        return false
    }

    /// Says what the document is instead of a feed, for the error message.
    static func describe(root: XMLName?, _ utf8: [UInt8]) -> String {
        if let root {
            let name = root.localName.lowercased()
            if name == "html" || name == "head" || name == "body" {
                return "found an HTML page (root element <\(root.localName)>)"
            }
            let space = root.namespace.map { " in namespace \($0)" } ?? ""
            return "found an XML document whose root element is <\(root.localName)>\(space)"
        }
        let start = String(decoding: utf8.prefix(60), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        if start.isEmpty { return "the document is empty" }
        if start.lowercased().hasPrefix("<!doctype html") || start.lowercased().hasPrefix("<html") {
            return "found an HTML page (starts with \"\(start)\")"
        }
        return "found no XML or JSON (starts with \"\(start)\")"
    }
}
