/// What ``HTMLFastPath`` knows of libxml2 2.9's HTML parser: the elements it reproduces, which start tags close
/// which open elements, the entities it decodes, and the look-up tables built from them once.
extension HTMLFastPath {
    /// The elements the fast path reproduces; indices are element ids. `html`, `body` and `p` come first.
    static let elementNames = [
        "html", "body", "p", "a", "b", "i", "u", "s", "em", "strong", "span", "small", "code", "sub", "sup",
        "cite", "q", "mark", "abbr", "del", "ins", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
        "blockquote", "div", "figure", "figcaption", "img", "br", "hr",
    ]
    static let html: UInt8 = 0, body: UInt8 = 1, paragraph: UInt8 = 2
    /// Empty in libxml2's element table: ended as soon as they start.
    static let voidElements: Set<String> = ["img", "br", "hr"]
    /// libxml2's `htmlStartClose` pairs (open element, start tag that closes it) among ``elementNames``.
    static let closedBy: [(String, String)] =
        [
            ("a", "a"), ("b", "p"), ("i", "p"), ("s", "p"), ("small", "p"), ("u", "p"), ("li", "li"),
            ("p", "blockquote"), ("p", "div"), ("p", "h1"), ("p", "h2"), ("p", "h3"), ("p", "h4"), ("p", "h5"),
            ("p", "h6"), ("p", "hr"), ("p", "li"), ("p", "ol"), ("p", "p"), ("p", "ul"),
        ] + ["h1", "h2", "h3", "h4", "h5", "h6"].flatMap { [($0, "li"), ($0, "p")] }
    /// The HTML 4 entities accepted in text and attribute values, with their code points.
    static let entities: [String: UInt32] = [
        "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "nbsp": 0xA0, "mdash": 0x2014, "ndash": 0x2013,
        "hellip": 0x2026, "rsquo": 0x2019, "lsquo": 0x2018, "ldquo": 0x201C, "rdquo": 0x201D, "laquo": 0xAB,
        "raquo": 0xBB, "copy": 0xA9, "reg": 0xAE, "trade": 0x2122, "euro": 0x20AC, "middot": 0xB7,
        "bull": 0x2022, "times": 0xD7, "deg": 0xB0,
    ]
    static let maxDepth = 100

    struct Tables: Sendable {
        var elements: [String: UInt8] = [:]
        var isVoid: [Bool] = []
        /// closes[open * count + new]
        var closes: [Bool] = []
    }

    static let tables: Tables = {
        var tables = Tables()
        for (index, name) in elementNames.enumerated() { tables.elements[name] = UInt8(index) }
        tables.isVoid = elementNames.map { voidElements.contains($0) }
        tables.closes = Array(repeating: false, count: elementNames.count * elementNames.count)
        for (open, new) in closedBy {
            guard let o = tables.elements[open], let n = tables.elements[new] else { preconditionFailure() }
            tables.closes[Int(o) * elementNames.count + Int(n)] = true
        }
        return tables
    }()
}
