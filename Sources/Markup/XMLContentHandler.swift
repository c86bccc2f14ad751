/// An element's name as the document's namespaces define it.
public struct XMLName: Sendable, Hashable {
    /// The namespace URI, nil when the element is in no namespace.
    public var namespace: String?
    /// The name without its prefix.
    public var localName: String
    /// The prefix the document used, kept only to serialise embedded XHTML faithfully.
    public var prefix: String?

    /// Creates a name.
    public init(namespace: String?, localName: String, prefix: String? = nil) {
        self.namespace = namespace
        self.localName = localName
        self.prefix = prefix
    }
}

/// One attribute of an element, its value with character and entity references already decoded.
public struct XMLAttribute: Sendable, Hashable {
    /// The attribute's name.
    public var name: XMLName
    /// The decoded value.
    public var value: String

    /// Creates an attribute.
    public init(name: XMLName, value: String) {
        self.name = name
        self.value = value
    }
}

/// Receives a document's content as ``XMLStreamParser`` reads it, in document order.
///
/// Called on the parsing thread, synchronously; the text buffer is valid only during the call.
public protocol XMLContentHandler: AnyObject {
    /// An element starts; `line` is where its start tag is.
    func startElement(_ name: XMLName, attributes: [XMLAttribute], line: Int)
    /// An element ends.
    func endElement(_ name: XMLName)
    /// Character data (text or CDATA), UTF-8; one text node may arrive in several calls.
    func characters(_ text: UnsafeBufferPointer<UInt8>)
}
