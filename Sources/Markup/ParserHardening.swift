internal import CLibXML2

/// The one place where libxml2's parser options are chosen.
///
/// Never set: `XML_PARSE_NOENT` (would substitute entities, including external ones), `XML_PARSE_DTDLOAD`,
/// `XML_PARSE_DTDATTR`, `XML_PARSE_DTDVALID` (would fetch and apply DTDs), `XML_PARSE_XINCLUDE`, and
/// `XML_PARSE_HUGE` (would lift libxml2's own depth and text-size limits). Always set: `XML_PARSE_NONET`.
/// Nothing process-wide (the external entity loader, the generic error handler, `xmlKeepBlanksDefault`…)
/// is changed: every setting lives on our own parser context, so another libxml2 user in the process
/// sees the library exactly as it was.
enum ParserHardening {
    static let forbiddenXMLOptions: Int32 = Int32(
        XML_PARSE_NOENT.rawValue | XML_PARSE_DTDLOAD.rawValue | XML_PARSE_DTDATTR.rawValue
            | XML_PARSE_DTDVALID.rawValue | XML_PARSE_XINCLUDE.rawValue | XML_PARSE_HUGE.rawValue
    )

    /// Options for the strict pass, and for the recovering pass after a well-formedness error.
    static func xmlOptions(recover: Bool) -> Int32 {
        // IGNORE_ENC: the bytes handed to libxml2 are always UTF-8 already (FeedCore chose and applied the
        // charset), so the declaration's `encoding=` must not make libxml2 transcode them a second time.
        // No NOCDATA: it would clear the SAX cdataBlock callback, which the markers of carved runs come back through.
        var options = XML_PARSE_NONET.rawValue | XML_PARSE_IGNORE_ENC.rawValue
        if recover { options |= XML_PARSE_RECOVER.rawValue }
        let result = Int32(options)
        precondition(result & forbiddenXMLOptions == 0, "a forbidden libxml2 option crept into the hardening")
        return result
    }

    /// Options for libxml2's HTML parser: tolerant of tag soup, never on the network, silent.
    static let htmlOptions: Int32 = Int32(
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue
    )

    /// libxml2's own one-time initialisation; idempotent and thread-safe, it changes no behaviour.
    static let initialised: Void = { xmlInitParser() }()
}
