/// The JSON form of a ``Feed`` that `feedwatch parse` prints: keys in a fixed order, dates in ISO 8601 UTC,
/// absent values as `null`, so that two runs over the same input print the same bytes.
public enum FeedJSON {
    /// Encodes a feed, indented by two spaces per level.
    public static func encode(_ feed: Feed) -> [UInt8] {
        var bytes: [UInt8] = []
        write(feed) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Encodes a feed in pieces of about 64 KiB handed to `sink`, so a large feed is never held twice.
    public static func write(_ feed: Feed, to sink: ([UInt8]) -> Void) {
        var writer = JSONWriter()
        writer.object { w in
            w.key("format")
            w.string(feed.format.rawValue)
            w.key("title")
            w.string(feed.title)
            w.key("link")
            w.string(feed.link)
            w.key("description")
            w.string(feed.description)
            w.key("language")
            w.string(feed.language)
            w.key("updated")
            w.date(feed.updated)
            w.key("hints")
            hints(feed.hints, &w)
            w.key("well_formed")
            w.bool(feed.wellFormed)
            w.key("charset")
            w.string(feed.charset)
            w.key("charset_source")
            w.string(feed.charsetSource.rawValue)
            w.key("warnings")
            w.array(feed.warnings) { w, warning in w.string(warning.description) }
            w.key("items")
            w.array(feed.items) { w, item in
                self.item(item, &w)
                if w.bytes.count >= 1 << 16 { sink(w.takeBytes()) }
            }
        }
        writer.newline()
        sink(writer.takeBytes())
    }

    private static func hints(_ hints: PublishingHints, _ w: inout JSONWriter) {
        w.object { w in
            w.key("ttl_minutes")
            w.int(hints.ttlMinutes)
            w.key("skip_hours")
            w.array(hints.skipHours) { w, hour in w.int(hour) }
            w.key("skip_days")
            w.array(hints.skipDays) { w, day in w.string(day) }
            w.key("update_period")
            w.string(hints.updatePeriod)
            w.key("update_frequency")
            w.int(hints.updateFrequency)
        }
    }

    private static func item(_ item: Item, _ w: inout JSONWriter) {
        w.object { w in
            w.key("identity")
            w.string(item.identity)
            w.key("content_hash")
            w.string(item.contentHash)
            w.key("guid")
            w.string(item.guid)
            w.key("link")
            w.string(item.link)
            w.key("title")
            w.string(item.title)
            w.key("authors")
            w.array(item.authors) { w, author in w.string(author) }
            w.key("published")
            w.date(item.published)
            w.key("updated")
            w.date(item.updated)
            w.key("summary")
            w.string(item.summary)
            w.key("content_html")
            w.string(item.contentHTML)
            w.key("content_text")
            w.string(item.contentText)
            w.key("categories")
            w.array(item.categories) { w, category in w.string(category) }
            w.key("enclosures")
            w.array(item.enclosures) { w, enclosure in
                w.object { w in
                    w.key("url")
                    w.string(enclosure.url)
                    w.key("type")
                    w.string(enclosure.mimeType)
                    w.key("length")
                    w.int(enclosure.length)
                    w.key("kind")
                    w.string(enclosure.kind.rawValue)
                    w.key("description")
                    w.string(enclosure.description)
                }
            }
            w.key("language")
            w.string(item.language)
        }
    }
}

/// A small streaming JSON writer with two-space indentation; strings are escaped per RFC 8259.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var indent = 0
    private var needsComma = false

    mutating func object(_ body: (inout JSONWriter) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        indent += 1
        needsComma = false
        body(&self)
        indent -= 1
        if needsComma { breakLine() }
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func array<T>(_ values: [T], _ element: (inout JSONWriter, T) -> Void) {
        bytes.append(UInt8(ascii: "["))
        guard !values.isEmpty else {
            bytes.append(UInt8(ascii: "]"))
            needsComma = true
            return
        }
        indent += 1
        needsComma = false
        for value in values {
            separate()
            element(&self, value)
            needsComma = true
        }
        indent -= 1
        breakLine()
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    mutating func key(_ name: String) {
        separate()
        raw(name)
        bytes.append(contentsOf: ": ".utf8)
        needsComma = false
    }

    mutating func string(_ value: String?) {
        if let value { raw(value) } else { bytes.append(contentsOf: "null".utf8) }
        needsComma = true
    }

    mutating func int(_ value: Int?) {
        bytes.append(contentsOf: (value.map(String.init) ?? "null").utf8)
        needsComma = true
    }

    mutating func bool(_ value: Bool) {
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        needsComma = true
    }

    /// A date as an ISO 8601 string; a date whose zone was assumed is written as an object saying so.
    mutating func date(_ value: FeedDate?) {
        guard let value else { return string(nil) }
        guard value.zoneAssumed else { return string(ISO8601.string(value.instant)) }
        bytes.append(contentsOf: "{ \"at\": ".utf8)
        raw(ISO8601.string(value.instant))
        bytes.append(contentsOf: ", \"zone_assumed\": true }".utf8)
        needsComma = true
    }

    /// Hands over what was written so far and starts an empty buffer.
    mutating func takeBytes() -> [UInt8] {
        defer { bytes = [] }
        return bytes
    }

    mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        breakLine()
    }

    private mutating func breakLine() {
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    private mutating func raw(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
            case UInt8(ascii: "\n"): bytes.append(contentsOf: "\\n".utf8)
            case UInt8(ascii: "\r"): bytes.append(contentsOf: "\\r".utf8)
            case UInt8(ascii: "\t"): bytes.append(contentsOf: "\\t".utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
