internal import CLibXML2

/// Receives an HTML fragment's content as ``HTMLStreamParser`` reads it.
///
/// Element and attribute names arrive lower-cased, as libxml2's HTML parser reports them; elements it
/// implies (`html`, `body`, `p`) arrive like any other. Called synchronously on the parsing thread.
public protocol HTMLContentHandler: AnyObject {
    /// An element starts; attribute values are decoded.
    func startElement(_ name: String, attributes: [(name: String, value: String)])
    /// An element ends.
    func endElement(_ name: String)
    /// Text, UTF-8, with character references decoded; valid only during the call.
    func characters(_ text: UnsafeBufferPointer<UInt8>)
}

/// Reads HTML (tag soup included) with libxml2's HTML parser, streaming events without building a tree.
///
/// The HTML parser never loads a DTD or an external entity; it is still run with `HTML_PARSE_NONET`.
public struct HTMLStreamParser: Sendable {
    /// The bounds applied to every fragment.
    public var limits: MarkupLimits

    /// Creates a parser with the given limits.
    public init(limits: MarkupLimits = MarkupLimits()) {
        self.limits = limits
    }

    /// Parses UTF-8 HTML, recovering from any error; throws only for input over the size limit.
    public func parse(utf8 bytes: UnsafeRawBufferPointer, handler: some HTMLContentHandler) throws(MarkupError) {
        guard bytes.count <= limits.maxDocumentBytes else {
            throw .documentTooLarge(bytes: bytes.count, limit: limits.maxDocumentBytes)
        }
        guard bytes.count > 0 else { return }
        _ = ParserHardening.initialised
        let session = HTMLParseSession(handler: handler)
        try session.run(bytes)
    }
}

/// One HTML parse: owns the libxml2 context and is the `userData` of its callbacks. Not Sendable.
final class HTMLParseSession {
    // unowned(unsafe): the caller of `parse` holds the handler for the whole parse, which outlives this
    // session; a strong reference would cost a retain and a release on every callback.
    unowned(unsafe) let handler: any HTMLContentHandler
    private var context: htmlParserCtxtPtr?
    private var names = NameCache()

    init(handler: any HTMLContentHandler) {
        self.handler = handler
    }

    deinit {
        if let context { htmlFreeParserCtxt(context) }
    }

    func run(_ bytes: UnsafeRawBufferPointer) throws(MarkupError) {
        // The whole fragment is in memory, so libxml2's pull parser reads it: the push parser would look
        // ahead for the end of every tag before reading it, which costs more for nothing here.
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self),
            let context = htmlCreateMemoryParserCtxt(base, Int32(bytes.count))
        else {
            throw .parserUnavailable
        }
        self.context = context
        guard let handlers = context.pointee.sax else { throw .parserUnavailable }
        // The context owns its handler table (freed with it); ours replaces its contents.
        handlers.pointee = Self.makeHandler()
        // Unretained: `self` outlives the context, which deinit frees; no callback runs after that.
        context.pointee.userData = Unmanaged.passUnretained(self).toOpaque()
        htmlCtxtUseOptions(context, ParserHardening.htmlOptions)
        // The bytes are UTF-8 already; a <meta charset> inside feed content must not make libxml2
        // transcode them again (HTML_PARSE_IGNORE_ENC covers the meta, this covers the default).
        xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
        htmlParseDocument(context)
    }

    func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        names.string(pointer, in: context?.pointee.dict)
    }

    /// Runs `body` on the session behind `userData` without retaining it: the session is alive for as long
    /// as libxml2 can call back (it owns the context), and the callbacks run many times per document.
    @inline(__always)
    static func withSession(_ userData: UnsafeMutableRawPointer?, _ body: (HTMLParseSession) -> Void) {
        guard let userData else { return }
        Unmanaged<HTMLParseSession>.fromOpaque(userData)._withUnsafeGuaranteedRef(body)
    }

    static func makeHandler() -> htmlSAXHandler {
        var sax = htmlSAXHandler()
        sax.startElement = { userData, name, attributes in
            HTMLParseSession.withSession(userData) { session in
            guard let name = session.string(name) else { return }
            var decoded: [(name: String, value: String)] = []
            // A NULL-terminated list of name, value pairs; a value is NULL for a bare attribute.
            if var cursor = attributes {
                while let attributeName = cursor[0] {
                    let value = cursor[1].map { String(cString: $0) } ?? ""
                    decoded.append((name: session.string(attributeName) ?? "", value: value))
                    cursor += 2
                }
            }
            session.handler.startElement(name, attributes: decoded)
            }
        }
        sax.endElement = { userData, name in
            HTMLParseSession.withSession(userData) { session in
                guard let name = session.string(name) else { return }
                session.handler.endElement(name)
            }
        }
        sax.characters = { userData, text, length in
            guard let text, length > 0 else { return }
            HTMLParseSession.withSession(userData) { session in
                session.handler.characters(UnsafeBufferPointer(start: text, count: Int(length)))
            }
        }
        sax.ignorableWhitespace = sax.characters
        // Script and style bodies arrive here; they are passed on so the handler can decide to drop them.
        sax.cdataBlock = sax.characters
        sax.serror = { _, _ in }
        return sax
    }
}
