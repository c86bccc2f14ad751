internal import Foundation
internal import Markup

/// The values the reader takes out of attributes and mixed text: person strings, Atom links, XHTML content.
extension XMLFeedReader {
    /// Atom `type="xhtml"` content is wrapped in one `div` that is not part of it (RFC 4287 §4.1.3.3).
    static func unwrapXHTMLDiv(_ markup: [UInt8]) -> [UInt8] {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = markup.firstIndex(where: { !isSpace($0) }),
            let last = markup.lastIndex(where: { !isSpace($0) })
        else { return markup }
        let trimmed = markup[first...last]
        guard trimmed.starts(with: "<div".utf8), trimmed.reversed().starts(with: ">vid/<".utf8),
            let open = trimmed.firstIndex(of: UInt8(ascii: ">")), open < last - 5
        else { return markup }
        return Array(markup[(open + 1)..<(last - 5)])
    }

    static func value(_ attributes: [XMLAttribute], _ localName: String, _ namespace: String? = nil) -> String? {
        attributes.first { $0.name.localName == localName && $0.name.namespace == namespace }?.value
    }

    static func link(_ attributes: [XMLAttribute], base: URL?) -> RawLink? {
        guard let href = value(attributes, "href"), !href.isEmpty else { return nil }
        return RawLink(
            href: href,
            rel: value(attributes, "rel")?.lowercased(),
            type: value(attributes, "type"),
            length: value(attributes, "length"),
            title: value(attributes, "title"),
            base: base
        )
    }

    /// A person written as one string: RSS `author` is `jo@x.org (Jo Bloggs)`, `dc:creator` is usually a name
    /// and sometimes `Jo Bloggs (mailto:jo@x.org)` or `Jo Bloggs <jo@x.org>`; whichever part holds the `@`
    /// is the e-mail address.
    static func rssPerson(_ text: String) -> RawPerson {
        // Without an `@` no part can be an address, and the whole string is the name: most bylines.
        guard text.utf8.contains(UInt8(ascii: "@")) else { return RawPerson(name: text) }
        func email(_ part: Substring) -> String? {
            var value = part.trimmingCharacters(in: .whitespaces)
            if value.lowercased().hasPrefix("mailto:") { value.removeFirst(7) }
            return value.contains("@") && !value.contains(" ") ? value : nil
        }
        for (open, close) in [("(", ")"), ("<", ">")] {
            guard let start = text.firstIndex(of: Character(open)), let end = text.lastIndex(of: Character(close)),
                start < end
            else { continue }
            let inner = text[text.index(after: start)..<end]
            let outer = text[..<start]
            if let address = email(inner) {
                return RawPerson(name: Self.nonBlank(outer), email: address)
            }
            if let address = email(outer) {
                return RawPerson(name: Self.nonBlank(inner), email: address)
            }
        }
        if let address = email(Substring(text)) { return RawPerson(email: address) }
        return RawPerson(name: text)
    }

    fileprivate static func nonBlank(_ text: Substring) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }
}
