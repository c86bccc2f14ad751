/// A 64-bit SimHash of a story's text (Charikar 2002; used for near-duplicate pages by Manku, Jain and
/// Das Sarma 2007): two rewordings of one story differ in a few bits, unrelated stories in about 32.
///
/// Byte for byte:
/// 1. the input is the title, one U+000A, and the text, each through ``TextNormalisation/canonical(_:)``,
///    then lower-cased (`String.lowercased()`);
/// 2. a word is a maximal run of Unicode scalars that are alphabetic or have a numeric type; everything
///    else separates words;
/// 3. the features are the word 3-shingles (three consecutive words joined by one U+0020), each counted
///    as often as it occurs; a text of one or two words has the one shingle made of all its words, and a
///    text with no words has SimHash 0;
/// 4. each feature is hashed with 64-bit FNV-1a over its UTF-8, then mixed by the SplitMix64 finaliser
///    (FNV alone leaves the high bits of short inputs poorly spread, and SimHash reads every bit);
/// 5. bit *i* of the SimHash is 1 when more features have bit *i* set than clear.
public enum SimHash {
    /// Stories whose SimHashes differ in at most this many bits are the same story reworded.
    public static let nearDuplicateDistance = 3

    /// A SimHash and how many shingles it was made from (few shingles make an unreliable fingerprint).
    public struct Fingerprint: Sendable, Hashable {
        /// The 64-bit SimHash.
        public var value: UInt64
        /// The number of features (word 3-shingles) counted.
        public var shingles: Int
    }

    /// The SimHash of a title and a text.
    public static func of(title: String?, text: String?) -> UInt64 {
        fingerprint(title: title, text: text).value
    }

    /// The SimHash of a title and a text, with the number of shingles behind it.
    public static func fingerprint(title: String?, text: String?) -> Fingerprint {
        let input = TextNormalisation.canonical(title ?? "") + "\n" + TextNormalisation.canonical(text ?? "")
        return of(words: words(input.lowercased()))
    }

    /// The number of bits in which two SimHashes differ.
    @inline(__always)
    public static func distance(_ a: UInt64, _ b: UInt64) -> Int {
        (a ^ b).nonzeroBitCount
    }

    /// The SimHash of a list of words, as step 3 to 5 define it.
    static func of(words: [Substring]) -> Fingerprint {
        if words.isEmpty { return Fingerprint(value: 0, shingles: 0) }
        var tally = [Int](repeating: 0, count: 64)
        var features = 0
        func add(_ hash: UInt64) {
            features += 1
            var bits = hash
            for bit in 0..<64 {
                tally[bit] += Int(bits & 1)
                bits >>= 1
            }
        }
        if words.count < 3 {
            add(featureHash(words))
        } else {
            for start in 0...(words.count - 3) {
                add(featureHash(words[start..<(start + 3)]))
            }
        }
        var result: UInt64 = 0
        for bit in 0..<64 where tally[bit] * 2 > features {
            result |= 1 << UInt64(bit)
        }
        return Fingerprint(value: result, shingles: features)
    }

    /// The words of `text`: runs of alphabetic or numeric scalars.
    static func words(_ text: String) -> [Substring] {
        var words: [Substring] = []
        var start: String.Index?
        var index = text.unicodeScalars.startIndex
        let scalars = text.unicodeScalars
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let isWordScalar: Bool
            if scalar.isASCII {
                let value = scalar.value
                isWordScalar =
                    (value >= 0x30 && value <= 0x39) || (value >= 0x61 && value <= 0x7A)
                    || (value >= 0x41 && value <= 0x5A)
            } else {
                isWordScalar = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            }
            if isWordScalar {
                if start == nil { start = index }
            } else if let wordStart = start {
                words.append(Substring(scalars[wordStart..<index]))
                start = nil
            }
            index = scalars.index(after: index)
        }
        if let wordStart = start { words.append(Substring(scalars[wordStart..<scalars.endIndex])) }
        return words
    }

    /// FNV-1a 64 over the words joined by U+0020, then the SplitMix64 finaliser.
    static func featureHash<Words: Collection<Substring>>(_ words: Words) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var first = true
        for word in words {
            if !first {
                hash ^= 0x20
                hash = hash &* 0x0000_0100_0000_01B3
            }
            first = false
            for byte in word.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
        hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
        return hash ^ (hash >> 31)
    }
}
