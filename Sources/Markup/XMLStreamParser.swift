internal import CLibXML2

/// How a document turned out: whether it was well-formed, and what libxml2 complained about.
public struct XMLParseOutcome: Sendable {
    /// True when libxml2 found no well-formedness error.
    public var wellFormed: Bool
    /// The first errors, in order (at most ``XMLStreamParser/maxRecordedDiagnostics``).
    public var errors: [MarkupDiagnostic]
    /// What the hardening declined to do (external entities not loaded, undefined entities dropped).
    public var notices: [MarkupDiagnostic]
}

/// Reads XML with libxml2's SAX2 parser, hardened, and streams its content to an ``XMLContentHandler``.
///
/// SAX2 rather than the `xmlTextReader`: it builds no nodes, hands text over without copying, and lets us
/// answer entity look-ups ourselves (see ``ParserHardening`` and `EntityTable`), which the reader does not.
public struct XMLStreamParser: Sendable {
    /// How many diagnostics an outcome keeps; a broken document can produce thousands.
    public static let maxRecordedDiagnostics = 20
    /// Input is handed to libxml2's push parser in slices of this size, so it never holds a second copy of
    /// the whole document.
    static let chunkSize = 1 << 20

    /// The bounds applied to every document.
    public var limits: MarkupLimits

    /// Whether a strict parse hands CDATA content and character data to the handler itself
    /// (``CarvedRuns``); off only in tests, which compare the two ways.
    var carves = true

    /// True when the caller has checked that every document it hands over is valid UTF-8, as FeedCore's
    /// charset decoding does: the content of carved runs is then not checked a second time.
    public var documentIsValidUTF8 = false

    /// Creates a parser with the given limits.
    public init(limits: MarkupLimits = MarkupLimits()) {
        self.limits = limits
    }

    /// Parses UTF-8 `bytes` (any encoding declaration in them is ignored), stopping at the first
    /// well-formedness error unless `recover` is set, in which case libxml2 reads on past errors.
    ///
    /// - Throws: ``MarkupError`` when the document is refused as hostile or too large; a merely broken
    ///   document is not an error but an outcome with `wellFormed == false`.
    public func parse(
        utf8 bytes: UnsafeRawBufferPointer,
        recover: Bool,
        handler: some XMLContentHandler
    ) throws(MarkupError) -> XMLParseOutcome {
        guard bytes.count <= limits.maxDocumentBytes else {
            throw .documentTooLarge(bytes: bytes.count, limit: limits.maxDocumentBytes)
        }
        _ = ParserHardening.initialised
        let session = XMLParseSession(handler: handler, limits: limits, recover: recover)
        // The recovering pass reads damaged documents as they are: carving reasons about what is legal where.
        session.carves = carves && !recover
        session.documentIsValidUTF8 = documentIsValidUTF8
        let outcome = try session.run(bytes)
        guard !outcome.wellFormed, !session.carving.runs.isEmpty, !session.carving.lost else { return outcome }
        // libxml2 writes some lines into its messages itself ("tag mismatch: b line 3 and c"), counted in the
        // document it was given. The diagnostics come from a parse of the document as written instead; its
        // events are dropped, as the handler already had the same ones up to the error.
        return try XMLParseSession(handler: IgnoringHandler(), limits: limits, recover: false).run(bytes)
    }

    /// ``parse(utf8:recover:handler:)`` over the bytes of an array.
    public func parse(
        utf8 bytes: [UInt8],
        recover: Bool,
        handler: some XMLContentHandler
    ) throws(MarkupError) -> XMLParseOutcome {
        let result: Result<XMLParseOutcome, MarkupError> = bytes.withUnsafeBytes { buffer in
            Result { () throws(MarkupError) in try parse(utf8: buffer, recover: recover, handler: handler) }
        }
        return try result.get()
    }
}

/// One parse: owns the libxml2 context and the entity records, and is the `userData` of every callback.
///
/// Not Sendable: created, used and freed on the calling thread within ``XMLStreamParser/parse``.
final class XMLParseSession {
    // A strong `let`: read through the session the callbacks borrow (`withSession`), an immutable field is
    // used without a retain. An `unowned(unsafe)` one was retained and released around every callback.
    let handler: any XMLContentHandler
    let limits: MarkupLimits
    let recover: Bool
    let entities: EntityTable
    var context: xmlParserCtxtPtr?
    var depth = 0
    var refusal: MarkupError?
    var errors: [MarkupDiagnostic] = []
    var notices: [MarkupDiagnostic] = []
    var sawError = false
    // Unchecked: only `name(localName:prefix:uri:)` touches these, on the parsing thread, and nothing it
    // calls can re-enter the session, so no two accesses overlap; the dynamic check cost two runtime calls
    // per element.
    @exclusivity(unchecked) private var names = NameCache()
    @exclusivity(unchecked) private var qualifiedNames = QualifiedNameCache()
    /// The document being parsed, valid during ``run(_:)`` only: carved content is handed over from it.
    var document = UnsafeRawBufferPointer(start: nil, count: 0)
    var carving = Carving()
    var carves = false
    var documentIsValidUTF8 = false

    init(handler: any XMLContentHandler, limits: MarkupLimits, recover: Bool) {
        self.handler = handler
        self.limits = limits
        self.recover = recover
        self.entities = EntityTable(budget: limits.maxEntityExpansionBytes)
    }

    deinit {
        if let context {
            xmlFreeParserCtxt(context)
        }
    }

    func run(_ bytes: UnsafeRawBufferPointer) throws(MarkupError) -> XMLParseOutcome {
        var sax = Self.makeHandler()
        // Unretained: `self` outlives the context, which deinit frees; no callback runs after that.
        let userData = Unmanaged.passUnretained(self).toOpaque()
        guard let context = xmlCreatePushParserCtxt(&sax, userData, nil, 0, nil) else {
            throw .parserUnavailable
        }
        self.context = context
        xmlCtxtUseOptions(context, ParserHardening.xmlOptions(recover: recover))

        if carves {
            document = bytes
            assert(
                !documentIsValidUTF8
                    || UTF8Validation.firstInvalid(bytes.assumingMemoryBound(to: UInt8.self)).offset == bytes.count
            )
            carving.runs = CarvedRuns.find(in: bytes, validUTF8: documentIsValidUTF8)
        }
        if carving.runs.isEmpty {
            feed(bytes, to: context)
        } else {
            feedCarved(bytes, to: context)
        }
        if let refusal { throw refusal }
        return XMLParseOutcome(wellFormed: !sawError, errors: errors, notices: notices)
    }

    /// Hands libxml2 the document as it is, in slices of ``XMLStreamParser/chunkSize``.
    private func feed(_ bytes: UnsafeRawBufferPointer, to context: xmlParserCtxtPtr) {
        var offset = 0
        repeat {
            let length = min(XMLStreamParser.chunkSize, bytes.count - offset)
            let chunk = bytes.baseAddress.map { $0 + offset }?.assumingMemoryBound(to: CChar.self)
            let last = offset + length >= bytes.count
            xmlParseChunk(context, chunk, Int32(length), last ? 1 : 0)
            offset += length
            if refusal != nil || context.pointee.disableSAX != 0 { break }
        } while offset < bytes.count
    }

    /// The line libxml2 is on, in the document as written.
    var line: Int {
        guard let input = context?.pointee.input else { return 0 }
        return Int(input.pointee.line) + carving.lineShift
    }

    /// Stops libxml2 for good: used for refusals, which are never recovered from.
    func refuse(_ error: MarkupError) {
        if refusal == nil { refusal = error }
        if let context { xmlStopParser(context) }
    }

    /// In recover mode libxml2 drops every entity reference once `wellFormed` is 0 (parser.c,
    /// xmlParseReference), which would silently eat `&amp;` and `&nbsp;` after the first error. Our own
    /// `sawError` keeps the verdict, so the flag is set back before libxml2 reads on.
    func keepReadingEntities() {
        if recover, let context, context.pointee.wellFormed == 0 {
            context.pointee.wellFormed = 1
        }
    }

    func name(
        localName: UnsafePointer<xmlChar>?,
        prefix: UnsafePointer<xmlChar>?,
        uri: UnsafePointer<xmlChar>?
    ) -> XMLName {
        let dictionary = context?.pointee.dict
        // Whole names by their three interned pointers: one probe per element instead of three look-ups.
        let slot = QualifiedNameCache.slot(localName, uri)
        if let cached = qualifiedNames.lookup(slot, localName, prefix, uri) { return cached }
        let made = XMLName(
            namespace: names.string(uri, in: dictionary),
            localName: names.string(localName, in: dictionary) ?? "",
            prefix: names.string(prefix, in: dictionary)
        )
        if let dictionary, let localName, xmlDictOwns(dictionary, localName) == 1,
            uri.map({ xmlDictOwns(dictionary, $0) == 1 }) ?? true,
            prefix.map({ xmlDictOwns(dictionary, $0) == 1 }) ?? true
        {
            qualifiedNames.store(slot, localName, prefix, uri, made)
        }
        return made
    }

    func record(_ diagnostic: MarkupDiagnostic, asError: Bool) {
        if asError {
            sawError = true
            if errors.count < XMLStreamParser.maxRecordedDiagnostics { errors.append(diagnostic) }
        } else if notices.count < XMLStreamParser.maxRecordedDiagnostics {
            notices.append(diagnostic)
        }
    }
}

/// Turns libxml2's interned C strings into Swift strings once per distinct pointer.
///
/// libxml2 interns element names, prefixes and namespace URIs in the context's dictionary, where one
/// pointer means one string for the whole parse; caching those by pointer avoids re-decoding a long
/// namespace URI on every element. A pointer the dictionary does not own could be freed and reused, so
/// it is never cached.
struct NameCache {
    private var strings: [UnsafeRawPointer: String] = [:]

    mutating func string(_ pointer: UnsafePointer<xmlChar>?, in dictionary: xmlDictPtr?) -> String? {
        guard let pointer else { return nil }
        let key = UnsafeRawPointer(pointer)
        if let cached = strings[key] { return cached }
        let value = String(cString: pointer)
        if let dictionary, strings.count < 4096, xmlDictOwns(dictionary, pointer) == 1 {
            strings[key] = value
        }
        return value
    }
}

/// Element and attribute names by the pointers libxml2 interned them at: a direct-mapped table probed
/// once per name, with no hashing of strings. Only names whose pointers the context's dictionary owns
/// are stored (they stay valid and unique for the whole parse), so a hit is always the same name.
struct QualifiedNameCache {
    /// The pointers apart from the names: a probe compares plain pointers, and copies (retains) a name
    /// only on a hit, where a whole entry copied out of the table retained all three of its strings.
    private struct Key {
        var local: UnsafePointer<xmlChar>?
        var prefix: UnsafePointer<xmlChar>?
        var uri: UnsafePointer<xmlChar>?
    }
    private static let size = 256
    private var keys = [Key](repeating: Key(), count: size)
    private var names = [XMLName?](repeating: nil, count: size)

    @inline(__always)
    static func slot(_ local: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?) -> Int {
        let a = UInt(bitPattern: local)
        let b = UInt(bitPattern: uri)
        return Int(truncatingIfNeeded: ((a ^ (b &>> 3)) &* 0x9E37_79B9_7F4A_7C15) &>> 56) & (size - 1)
    }

    @inline(__always)
    func lookup(
        _ slot: Int,
        _ local: UnsafePointer<xmlChar>?,
        _ prefix: UnsafePointer<xmlChar>?,
        _ uri: UnsafePointer<xmlChar>?
    ) -> XMLName? {
        let key = keys[slot]
        guard let local, key.local == local, key.uri == uri, key.prefix == prefix else { return nil }
        return names[slot]
    }

    mutating func store(
        _ slot: Int,
        _ local: UnsafePointer<xmlChar>,
        _ prefix: UnsafePointer<xmlChar>?,
        _ uri: UnsafePointer<xmlChar>?,
        _ name: XMLName
    ) {
        keys[slot] = Key(local: local, prefix: prefix, uri: uri)
        names[slot] = name
    }
}
