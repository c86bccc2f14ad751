/// The items of a JSON Feed that does not parse, read up to the damage: what libxml2's recovering parser does
/// for XML feeds, for the JSON one cut short by a dropped connection or with bytes spoiled in the middle.
///
/// The document is scanned for the places where an item object of the top-level `items` array ends; the
/// text up to the last such place before the damage, closed with `]}`, is a whole document with every item
/// before it. The places are tried from the last backwards by halving (a prefix ending before the damage
/// parses, one after it does not), so a long feed costs a few parses, not one per item.
enum JSONFeedRecovery {
    /// The longest prefix of `utf8` that ends after a complete item and parses once closed, parsed, and how
    /// many items it holds; nil when no item ends before the damage.
    static func itemsBeforeDamage(_ utf8: [UInt8], parse: ([UInt8]) -> JSONValue?) -> (JSONValue, items: Int)? {
        let ends = itemEnds(utf8)
        var (low, high) = (0, ends.count)  // ends[..<low] parse when closed; ends[high...] do not
        var best: JSONValue?
        var bestCount = 0
        while low < high {
            let middle = (low + high) / 2
            if let parsed = parse(Array(utf8[..<ends[middle]]) + Array("]}".utf8)) {
                best = parsed
                bestCount = middle + 1
                low = middle + 1
            } else {
                high = middle
            }
        }
        return best.map { ($0, bestCount) }
    }

    /// The offsets just after each `}` that closes an element of the root object's `items` array, in order.
    static func itemEnds(_ utf8: [UInt8]) -> [Int] {
        var ends: [Int] = []
        var depth = 0
        var itemsDepth: Int?  // the depth inside the `items` array, once it is open
        var inString = false
        var escaped = false
        var stringStart = 0
        var lastRootKey: ArraySlice<UInt8> = []
        for (offset, byte) in utf8.enumerated() {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 1 { lastRootKey = utf8[stringStart..<offset] }
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                stringStart = offset + 1
            case UInt8(ascii: "{"):
                depth += 1
            case UInt8(ascii: "["):
                depth += 1
                if depth == 2, itemsDepth == nil, lastRootKey.elementsEqual("items".utf8) { itemsDepth = 2 }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if byte == UInt8(ascii: "}"), depth == itemsDepth { ends.append(offset + 1) }
                if depth == 1 { itemsDepth = nil }  // the items array (or another) closed
            default:
                break
            }
        }
        return ends
    }
}
