internal import Foundation
internal import Markup

/// Reads an OPML subscription list (what Feedly, Inoreader, NetNewsWire, Thunderbird… export) into its feeds.
///
/// The file goes through the same hardened libxml2 parser as feeds: no DTD is loaded, no external entity is
/// fetched, entity expansion and depth are bounded. The charset is chosen as for a feed (byte order mark,
/// then the XML declaration, then UTF-8). Folders are outlines without an `xmlUrl`; each subscription keeps
/// the path of folder names above it. An ill-formed file is read again by libxml2's recovering parser, and
/// what it could read is returned with a warning that says where the file broke.
public struct OPMLReader: Sendable {
    /// Creates a reader.
    public init() {}

    /// The subscriptions in `bytes`, in document order.
    public func read(_ bytes: [UInt8]) throws(OPMLError) -> OPMLDocument {
        if let binary = BinarySniff.signature(bytes) { throw .notOPML(found: "found \(binary)") }
        let decoded = DocumentCharset.decodeXML(bytes, callerCharset: nil)
        // An OPML file is a few hundred kilobytes at most; a smaller bound than a feed's keeps a hostile one cheap.
        let parser = XMLStreamParser(limits: MarkupLimits(maxDocumentBytes: 32 << 20, maxDepth: 100))
        var outlines = OPMLOutlineCollector()
        let strict = try Self.run(parser, decoded.utf8, recover: false, outlines)
        var warnings = decoded.warnings
        if !strict.wellFormed {
            // The strict pass stopped at the first error; the recovering pass reads everything it can. A bare
            // `&` in a hand-edited xmlUrl (`?a=1&b=2`) is the usual break, and libxml2 would recover it by
            // dropping `&b`, a wrong URL that still looks right: escaping such ampersands first keeps it whole.
            outlines = OPMLOutlineCollector()
            _ = try Self.run(parser, Self.escapingBareAmpersands(decoded.utf8), recover: true, outlines)
            let reason = strict.errors.first.map(\.description) ?? "unknown error"
            let recovered = outlines.subscriptions.count
            warnings.append(
                ParseWarning(
                    "not well-formed XML (\(reason)); read again with bare '&' escaped and libxml2's "
                        + "recovering parser, \(recovered) subscription(s) recovered; check them against the file"
                )
            )
        }
        guard let root = outlines.root, root.localName.lowercased() == "opml" else {
            throw .notOPML(found: FeedParser.describe(root: outlines.root, decoded.utf8))
        }
        warnings += outlines.warnings
        return OPMLDocument(
            title: outlines.title,
            subscriptions: outlines.subscriptions,
            warnings: warnings,
            wellFormed: strict.wellFormed
        )
    }

    /// `bytes` with every `&` that starts no character or entity reference (`&#38;`, `&#x26;`, `&name;`)
    /// written as `&amp;`. Only for the recovering pass: it does not know comments and CDATA sections, where
    /// such an `&` is legal and the repair shows as written.
    static func escapingBareAmpersands(_ bytes: [UInt8]) -> [UInt8] {
        func isNameByte(_ byte: UInt8, first: Bool) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"),
                UInt8(ascii: ":"), 0x80...:
                return true
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."):
                return !first
            default:
                return false
            }
        }
        func isHex(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
        }
        func startsReference(at start: Int) -> Bool {
            var index = start + 1
            guard index < bytes.count else { return false }
            let first = index
            if bytes[index] == UInt8(ascii: "#") {
                index += 1
                let hex = index < bytes.count && bytes[index] == UInt8(ascii: "x")
                if hex { index += 1 }
                let digits = index
                while index < bytes.count,
                    hex ? isHex(bytes[index]) : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index])
                {
                    index += 1
                }
                return index > digits && index < bytes.count && bytes[index] == UInt8(ascii: ";")
            }
            while index < bytes.count, isNameByte(bytes[index], first: index == first) { index += 1 }
            return index > first && index < bytes.count && bytes[index] == UInt8(ascii: ";")
        }
        var repaired: [UInt8] = []
        repaired.reserveCapacity(bytes.count + 64)
        for (index, byte) in bytes.enumerated() {
            repaired.append(byte)
            if byte == UInt8(ascii: "&") && !startsReference(at: index) { repaired += Array("amp;".utf8) }
        }
        return repaired
    }

    private static func run(
        _ parser: XMLStreamParser,
        _ utf8: [UInt8],
        recover: Bool,
        _ handler: OPMLOutlineCollector
    ) throws(OPMLError) -> XMLParseOutcome {
        do {
            return try parser.parse(utf8: utf8, recover: recover, handler: handler)
        } catch {
            throw .refused(reason: error.description)
        }
    }
}

/// Collects outlines from XML events; one instance reads one document.
final class OPMLOutlineCollector: XMLContentHandler {
    /// What each open element is, so a subscription knows its folders and `<title>` is read only in `<head>`.
    private enum Frame {
        case head, headTitle, other
        /// An outline without `xmlUrl`: a folder, named when it has a title or text.
        case folder(String?)
        /// An outline with `xmlUrl`; outlines nested in it (rare) are not in a folder of its name.
        case subscription
    }

    private(set) var root: XMLName?
    private(set) var title: String?
    private(set) var subscriptions: [OPMLSubscription] = []
    private(set) var warnings: [ParseWarning] = []
    private var stack: [Frame] = []
    private var titleBytes: [UInt8] = []

    func startElement(_ name: XMLName, attributes: [XMLAttribute], line: Int) {
        if root == nil { root = name }
        let local = name.localName.lowercased()
        let inHead = stack.contains { if case .head = $0 { true } else { false } }
        switch local {
        case "head" where stack.count == 1:
            stack.append(.head)
        case "title" where stack.count == 2 && inHead:
            titleBytes = []
            stack.append(.headTitle)
        case "outline" where !inHead && stack.count >= 1:
            stack.append(outline(attributes, line: line))
        default:
            stack.append(.other)
        }
    }

    func endElement(_ name: XMLName) {
        guard let frame = stack.popLast() else { return }
        if case .headTitle = frame {
            title = Self.trimmed(String(decoding: titleBytes, as: UTF8.self))
        }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        if case .headTitle = stack.last { titleBytes.append(contentsOf: text) }
    }

    private func outline(_ attributes: [XMLAttribute], line: Int) -> Frame {
        let name = Self.attribute(attributes, "title") ?? Self.attribute(attributes, "text")
        guard Self.hasAttribute(attributes, "xmlUrl") else { return .folder(name) }
        guard let xmlURL = Self.attribute(attributes, "xmlUrl") else {
            warnings.append(
                ParseWarning("outline \(name.map { "\"\($0)\" " } ?? "")has an empty xmlUrl; skipped", line: line)
            )
            return .subscription
        }
        let folders = stack.compactMap { frame -> String? in
            if case .folder(let folder) = frame { folder } else { nil }
        }
        subscriptions.append(
            OPMLSubscription(
                title: name,
                xmlURL: xmlURL,
                htmlURL: Self.attribute(attributes, "htmlUrl"),
                folders: folders,
                line: line
            )
        )
        return .subscription
    }

    /// Exporters disagree on the case of attribute names (`xmlUrl`, `xmlURL`, `xmlurl`), so matching ignores it.
    private static func hasAttribute(_ attributes: [XMLAttribute], _ name: String) -> Bool {
        attributes.contains {
            $0.name.namespace == nil && $0.name.localName.caseInsensitiveCompare(name) == .orderedSame
        }
    }

    /// The attribute's value, trimmed; nil when missing or blank.
    private static func attribute(_ attributes: [XMLAttribute], _ name: String) -> String? {
        attributes.first { $0.name.namespace == nil && $0.name.localName.caseInsensitiveCompare(name) == .orderedSame }
            .flatMap { trimmed($0.value) }
    }

    private static func trimmed(_ text: String) -> String? {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }
}
