/// A fixed map from short names (1 to 16 bytes of UTF-8) to values, looked up straight from the bytes a
/// parser hands over, so the per-element look-ups of the sanitiser build no `String` and run no SipHash.
///
/// The name's bytes, zero-padded, are the key: two 64-bit words, compared whole. Names never contain NUL
/// (libxml2 hands them over as C strings), so the padding cannot make two names equal. Longer names are
/// never in the table. Open addressing with linear probing, at most a quarter full.
struct ShortNameTable<Value>: Sendable where Value: Sendable {
    private var keys: [(UInt64, UInt64)]
    private var values: [Value?]
    private let mask: Int

    init(_ entries: [String: Value]) {
        var size = 16
        while size < entries.count * 4 { size *= 2 }
        keys = Array(repeating: (0, 0), count: size)
        values = Array(repeating: nil, count: size)
        mask = size - 1
        for (name, value) in entries {
            let bytes = Array(name.utf8)
            let key = bytes.withUnsafeBufferPointer { Self.key($0) }
            guard let key else { preconditionFailure("\(name): table names are 1 to 16 bytes") }
            var slot = Self.slot(key, mask)
            while values[slot] != nil { slot = (slot + 1) & mask }
            keys[slot] = key
            values[slot] = value
        }
    }

    /// The value for the name in `bytes`, or nil.
    subscript(_ bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        guard let key = Self.key(bytes) else { return nil }
        var slot = Self.slot(key, mask)
        while let value = values[slot] {
            if keys[slot] == key { return value }
            slot = (slot + 1) & mask
        }
        return nil
    }

    @inline(__always)
    private static func slot(_ key: (UInt64, UInt64), _ mask: Int) -> Int {
        let mixed = (key.0 &* 0x9E37_79B9_7F4A_7C15) ^ (key.1 &* 0xC2B2_AE3D_27D4_EB4F)
        return Int(truncatingIfNeeded: mixed >> 40) & mask
    }

    @inline(__always)
    private static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64)? {
        let count = bytes.count
        guard count > 0, count <= 16, let base = bytes.baseAddress else { return nil }
        var low: UInt64 = 0
        var high: UInt64 = 0
        for index in 0..<min(count, 8) { low |= UInt64(base[index]) << (UInt64(index) * 8) }
        if count > 8 {
            for index in 8..<count { high |= UInt64(base[index]) << (UInt64(index - 8) * 8) }
        }
        return (low, high)
    }
}
