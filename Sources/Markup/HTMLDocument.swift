internal import CLibXML2

/// An HTML page parsed into libxml2's tree, for extraction code that needs to look around (scoring
/// blocks, reading metadata) rather than stream.
///
/// Owns the `htmlDocPtr` and frees it in deinit; every ``HTMLNode`` holds the document strongly, so a node
/// never outlives the tree it points into. Not Sendable: libxml2's tree is not safe to share across threads.
public final class HTMLDocument {
    let pointer: htmlDocPtr

    /// Parses UTF-8 HTML (tag soup included) with the hardened options; throws only when the input is over
    /// the size limit or libxml2 cannot allocate a parser.
    public init(utf8 bytes: [UInt8], limits: MarkupLimits = MarkupLimits()) throws(MarkupError) {
        guard bytes.count <= limits.maxDocumentBytes else {
            throw .documentTooLarge(bytes: bytes.count, limit: limits.maxDocumentBytes)
        }
        _ = ParserHardening.initialised
        // An empty buffer makes libxml2 return NULL; a single space parses to an empty document instead. A NUL
        // byte is dropped, as browsers ignore U+0000 in a page: libxml2 2.9 stops reading the page at one.
        let input = bytes.isEmpty ? [UInt8(ascii: " ")] : bytes.contains(0) ? bytes.filter { $0 != 0 } : bytes
        let parsed = input.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { base in
                // "UTF-8" plus HTML_PARSE_IGNORE_ENC: FeedCore already decoded the bytes, so a <meta charset>
                // in the page must not make libxml2 transcode them a second time.
                htmlReadMemory(base, Int32(buffer.count), nil, "UTF-8", ParserHardening.htmlOptions)
            }
        }
        guard let parsed else { throw .parserUnavailable }
        pointer = parsed
        maxDepth = limits.maxDepth
    }

    deinit {
        xmlFreeDoc(pointer)
    }

    /// Deepest nesting a walk should follow (``MarkupLimits/maxDepth``); libxml2's HTML parser does not cap it.
    public let maxDepth: Int

    /// The `<html>` element (libxml2 implies one for any input), or nil for an empty document.
    public var root: HTMLNode? {
        xmlDocGetRootElement(pointer).map { HTMLNode(document: self, pointer: $0) }
    }
}

/// One node of an ``HTMLDocument``: an element, a text run, or something extraction ignores.
public struct HTMLNode {
    /// What a node is.
    public enum Kind: Sendable, Hashable {
        /// An element such as `<p>`.
        case element
        /// Text (CDATA and the bodies of `<script>` and `<style>` included).
        case text
        /// A comment, processing instruction or anything else.
        case other
    }

    // Keeps the tree alive for as long as any node of it is held.
    let document: HTMLDocument
    let pointer: xmlNodePtr

    /// Element, text or other.
    public var kind: Kind {
        switch pointer.pointee.type {
        case XML_ELEMENT_NODE: return .element
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: return .text
        default: return .other
        }
    }

    /// The element name, lower-cased as libxml2's HTML parser reports it; empty for other nodes.
    public var name: String {
        guard kind == .element, let name = pointer.pointee.name else { return "" }
        return String(cString: name)
    }

    /// The attributes, in document order, with entity references decoded.
    public var attributes: [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        var attribute = pointer.pointee.properties
        while let current = attribute {
            let name = current.pointee.name.map { String(cString: $0) } ?? ""
            result.append((name: name, value: Self.textOf(current.pointee.children)))
            attribute = current.pointee.next
        }
        return result
    }

    /// The value of the attribute `name` (lower case), or nil when the element has none.
    public func attribute(_ name: String) -> String? {
        var attribute = pointer.pointee.properties
        while let current = attribute {
            if let attributeName = current.pointee.name, String(cString: attributeName) == name {
                return Self.textOf(current.pointee.children)
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// The child nodes, in document order.
    public var children: [HTMLNode] {
        var result: [HTMLNode] = []
        var child = pointer.pointee.children
        while let current = child {
            result.append(HTMLNode(document: document, pointer: current))
            child = current.pointee.next
        }
        return result
    }

    /// The text of a text node; for an element, the text of all its descendants, concatenated unchanged.
    public var text: String {
        if kind == .text { return pointer.pointee.content.map { String(cString: $0) } ?? "" }
        var out = ""
        Self.appendText(pointer.pointee.children, into: &out, depth: 0, maxDepth: document.maxDepth)
        return out
    }

    private static func appendText(_ first: xmlNodePtr?, into out: inout String, depth: Int, maxDepth: Int) {
        guard depth < maxDepth else { return }
        var node = first
        while let current = node {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { out += String(cString: content) }
            case XML_ELEMENT_NODE:
                appendText(current.pointee.children, into: &out, depth: depth + 1, maxDepth: maxDepth)
            default:
                break
            }
            node = current.pointee.next
        }
    }

    /// An attribute's value: the text nodes libxml2 keeps as its children.
    private static func textOf(_ first: xmlNodePtr?) -> String {
        var out = ""
        var node = first
        while let current = node {
            if let content = current.pointee.content { out += String(cString: content) }
            node = current.pointee.next
        }
        return out
    }
}
