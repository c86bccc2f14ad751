internal import CLibXML2

/// Receives an HTML fragment's content as ``HTMLStreamParser`` or ``HTMLFragmentReader`` reads it.
///
/// Element and attribute names arrive lower-cased, as libxml2's HTML parser reports them; elements it
/// implies (`html`, `body`, `p`) arrive like any other. Called synchronously on the parsing thread. Every
/// buffer is libxml2's memory, valid only during the call: nothing is turned into a Swift `String` unless
/// the handler asks, so elements and attributes a handler drops cost nothing to convert.
public protocol HTMLContentHandler: AnyObject {
    /// An element starts; `name` is its UTF-8 name, attribute values are decoded.
    func startElement(_ name: UnsafeBufferPointer<UInt8>, attributes: HTMLAttributes)
    /// An element ends.
    func endElement(_ name: UnsafeBufferPointer<UInt8>)
    /// Text, UTF-8, with character references decoded.
    func characters(_ text: UnsafeBufferPointer<UInt8>)
}

/// The attributes of one start tag, as libxml2's HTML parser hands them over: UTF-8 names (lower case)
/// and decoded values, valid only during ``HTMLContentHandler/startElement(_:attributes:)``.
public struct HTMLAttributes: Sequence {
    // A NULL-terminated list of name, value pairs; a value is NULL for a bare attribute.
    let list: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?

    /// One attribute: `value` is empty for a bare attribute.
    public struct Attribute {
        public let name: UnsafeBufferPointer<UInt8>
        public let value: UnsafeBufferPointer<UInt8>
    }

    public struct Iterator: IteratorProtocol {
        var cursor: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?

        public mutating func next() -> Attribute? {
            guard let current = cursor, let name = current[0] else { return nil }
            cursor = current + 2
            let value =
                current[1].map { UnsafeBufferPointer(start: $0, count: cStringLength($0)) }
                ?? UnsafeBufferPointer(start: nil, count: 0)
            return Attribute(name: UnsafeBufferPointer(start: name, count: cStringLength(name)), value: value)
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(cursor: list)
    }
}

@inline(__always)
func cStringLength(_ pointer: UnsafePointer<xmlChar>) -> Int {
    var end = pointer
    while end.pointee != 0 { end += 1 }
    return end - pointer
}

/// Reads HTML (tag soup included) with libxml2's HTML parser, streaming events without building a tree.
///
/// The HTML parser never loads a DTD or an external entity; it is still run with `HTML_PARSE_NONET`.
/// Each call sets up a parser of its own; to read many fragments on one thread, keep an
/// ``HTMLFragmentReader``, which reuses its libxml2 context.
public struct HTMLStreamParser: Sendable {
    /// The bounds applied to every fragment.
    public var limits: MarkupLimits

    /// Creates a parser with the given limits.
    public init(limits: MarkupLimits = MarkupLimits()) {
        self.limits = limits
    }

    /// Parses UTF-8 HTML, recovering from any error; throws only for input over the size limit.
    public func parse(utf8 bytes: UnsafeRawBufferPointer, handler: some HTMLContentHandler) throws(MarkupError) {
        try HTMLFragmentReader(limits: limits).parse(utf8: bytes, handler: handler)
    }
}

/// libxml2's HTML parser, kept for one fragment after another: its context (the name dictionary, the
/// stacks, the handler table) is set up once and reset between fragments rather than allocated for
/// every item of a feed.
///
/// Owns the libxml2 context and frees it in deinit; it is the `userData` of the callbacks. Not Sendable:
/// a libxml2 context must not be used by two threads, so each thread keeps its own reader.
public final class HTMLFragmentReader {
    /// The bounds applied to every fragment.
    public let limits: MarkupLimits
    /// Fragments read with the current context, and the ceiling after which it is replaced, so that names
    /// interned by hostile fragments cannot grow its dictionary for ever.
    private var uses = 0
    static let maxUses = 4096
    static let maxDictionaryNames = 16384
    private var context: htmlParserCtxtPtr?
    // unowned(unsafe): set for the duration of one `parse`, whose caller holds the handler throughout;
    // a strong reference would cost a retain and a release on every callback.
    private unowned(unsafe) var handler: (any HTMLContentHandler)?

    /// Plain, well-nested fragments are read without libxml2 (see ``HTMLFastPath``), with the same events.
    private let fastPath: HTMLFastPath?

    /// Creates a reader; the libxml2 context is created with the first fragment that needs it.
    /// `fastPath: false` sends every fragment through libxml2 (to compare the two).
    public init(limits: MarkupLimits = MarkupLimits(), fastPath: Bool = true) {
        self.limits = limits
        self.fastPath = fastPath ? HTMLFastPath() : nil
    }

    deinit {
        if let context { htmlFreeParserCtxt(context) }
    }

    /// Parses UTF-8 HTML, recovering from any error; throws only for input over the size limit, or when
    /// libxml2 cannot allocate a parser. Returns true when ``HTMLFastPath`` read the fragment: its events
    /// are then runs of the input cut at ASCII delimiters, the UTF-8 of decoded references and ASCII names,
    /// so a handler that writes them out writes valid UTF-8 whenever the input is.
    @discardableResult
    public func parse(utf8 bytes: UnsafeRawBufferPointer, handler: some HTMLContentHandler) throws(MarkupError) -> Bool
    {
        guard bytes.count <= limits.maxDocumentBytes else {
            throw .documentTooLarge(bytes: bytes.count, limit: limits.maxDocumentBytes)
        }
        guard bytes.count > 0, let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self) else { return false }
        if let fastPath, fastPath.parse(bytes.assumingMemoryBound(to: UInt8.self), handler: handler) { return true }
        _ = ParserHardening.initialised
        let context = try readyContext()
        // The whole fragment is in memory, so libxml2's pull parser reads it: the push parser would look
        // ahead for the end of every tag before reading it, which costs more for nothing here.
        // CreateMem copies the bytes into a NUL-terminated buffer of the input's own, as the parser needs.
        guard let buffer = xmlParserInputBufferCreateMem(base, Int32(bytes.count), XML_CHAR_ENCODING_NONE) else {
            throw .parserUnavailable
        }
        guard let input = xmlNewIOInputStream(context, buffer, XML_CHAR_ENCODING_NONE) else {
            xmlFreeParserInputBuffer(buffer)
            throw .parserUnavailable
        }
        inputPush(context, input)
        htmlCtxtUseOptions(context, ParserHardening.htmlOptions)
        // The bytes are UTF-8 already; a <meta charset> inside feed content must not make libxml2
        // transcode them again (HTML_PARSE_IGNORE_ENC covers the meta, this covers the default).
        xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
        self.handler = handler
        defer { self.handler = nil }
        htmlParseDocument(context)
        // The input stream (and its copy of the bytes) is freed by the next reset, or with the context.
        return false
    }

    /// The context, reset for a new fragment; a fresh one the first time and after ``maxUses`` fragments.
    private func readyContext() throws(MarkupError) -> htmlParserCtxtPtr {
        if let context {
            uses += 1
            if uses < Self.maxUses, context.pointee.dict.map({ xmlDictSize($0) < Self.maxDictionaryNames }) ?? true {
                // Frees the previous input, empties the stacks and the state; keeps the dictionary, the
                // handler table and userData, which are ours.
                htmlCtxtReset(context)
                return context
            }
            htmlFreeParserCtxt(context)
            self.context = nil
        }
        guard let fresh = htmlNewParserCtxt() else { throw .parserUnavailable }
        guard let handlers = fresh.pointee.sax else {
            htmlFreeParserCtxt(fresh)
            throw .parserUnavailable
        }
        // The context owns its handler table (freed with it); ours replaces its contents.
        handlers.pointee = Self.makeHandler()
        // Unretained: `self` owns the context and frees it in deinit, so no callback can outlive it.
        fresh.pointee.userData = Unmanaged.passUnretained(self).toOpaque()
        context = fresh
        uses = 0
        return fresh
    }

    /// Runs `body` with the handler of the parse behind `userData`, without retaining anything: the
    /// reader owns the context, and the callbacks run many times per fragment.
    @inline(__always)
    static func withHandler(_ userData: UnsafeMutableRawPointer?, _ body: (any HTMLContentHandler) -> Void) {
        guard let userData else { return }
        Unmanaged<HTMLFragmentReader>.fromOpaque(userData)._withUnsafeGuaranteedRef { reader in
            if let handler = reader.handler { body(handler) }
        }
    }

    static func makeHandler() -> htmlSAXHandler {
        var sax = htmlSAXHandler()
        sax.startElement = { userData, name, attributes in
            guard let name else { return }
            HTMLFragmentReader.withHandler(userData) { handler in
                handler.startElement(
                    UnsafeBufferPointer(start: name, count: cStringLength(name)),
                    attributes: HTMLAttributes(list: attributes)
                )
            }
        }
        sax.endElement = { userData, name in
            guard let name else { return }
            HTMLFragmentReader.withHandler(userData) { handler in
                handler.endElement(UnsafeBufferPointer(start: name, count: cStringLength(name)))
            }
        }
        sax.characters = { userData, text, length in
            guard let text, length > 0 else { return }
            HTMLFragmentReader.withHandler(userData) { handler in
                handler.characters(UnsafeBufferPointer(start: text, count: Int(length)))
            }
        }
        sax.ignorableWhitespace = sax.characters
        // Script and style bodies arrive here; they are passed on so the handler can decide to drop them.
        sax.cdataBlock = sax.characters
        sax.serror = { _, _ in }
        return sax
    }
}
