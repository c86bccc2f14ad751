/// Bounds that keep a hostile document from costing more than a feed is worth.
///
/// libxml2 2.9.14 (Debian 12) predates `XML_PARSE_NO_XXE` and the newer amplification guards, so these
/// limits are enforced by our own callbacks rather than trusted to the library.
public struct MarkupLimits: Sendable, Hashable {
    /// Largest document accepted, in bytes of UTF-8.
    public var maxDocumentBytes: Int
    /// Deepest element nesting accepted (libxml2 itself stops at 256 without `XML_PARSE_HUGE`).
    public var maxDepth: Int
    /// Total bytes that references to entities declared in the document may expand to.
    public var maxEntityExpansionBytes: Int

    /// Creates limits; the defaults suit feeds of any realistic size.
    public init(maxDocumentBytes: Int = 128 << 20, maxDepth: Int = 200, maxEntityExpansionBytes: Int = 1 << 20) {
        self.maxDocumentBytes = maxDocumentBytes
        self.maxDepth = maxDepth
        self.maxEntityExpansionBytes = maxEntityExpansionBytes
    }
}
