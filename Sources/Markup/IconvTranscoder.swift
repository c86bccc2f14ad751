#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#endif

/// Converts bytes in charsets that FeedCore has no table for (Shift_JIS, EUC-JP, GB18030, Big5, EUC-KR…) to
/// UTF-8 with the C library's iconv.
public enum IconvTranscoder {
    /// Converts `bytes` from `charset` (an iconv name such as "CP932") to UTF-8, replacing invalid input with
    /// U+FFFD; nil if iconv does not know the charset.
    public static func toUTF8(_ bytes: [UInt8], from charset: String) -> [UInt8]? {
        transcode(bytes, from: charset)?.utf8
    }

    /// Like `toUTF8(_:from:)`, also counting the invalid input sequences that became U+FFFD.
    public static func transcode(_ bytes: [UInt8], from charset: String) -> (utf8: [UInt8], replaced: Int)? {
        #if canImport(Glibc) || canImport(Musl)
        // A new descriptor per call: iconv_t carries shift state, so sharing one would need a lock.
        let descriptor = iconv_open("UTF-8", charset)
        guard let descriptor, descriptor != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }
        return bytes.withUnsafeBufferPointer { input in
            convert(input, with: descriptor)
        }
        #else
        // Darwin keeps iconv in a separate libiconv that this package does not link.
        return nil
        #endif
    }

    #if canImport(Glibc) || canImport(Musl)
    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    private static func convert(
        _ input: UnsafeBufferPointer<UInt8>,
        with descriptor: iconv_t
    ) -> (utf8: [UInt8], replaced: Int) {
        var output: [UInt8] = []
        // CJK text grows by about half when it becomes UTF-8; reserving for that avoids most regrowth.
        output.reserveCapacity(input.count + input.count / 2 + 16)
        var replaced = 0
        guard let base = input.baseAddress, input.count > 0 else { return (output, 0) }
        let chunkSize = 64 * 1024
        let chunk = UnsafeMutablePointer<CChar>.allocate(capacity: chunkSize)
        defer { chunk.deallocate() }

        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base)
            .assumingMemoryBound(to: CChar.self)
        var inLeft = input.count

        func drain(_ outPointer: UnsafeMutablePointer<CChar>?) {
            guard let outPointer else { return }
            let produced = chunk.distance(to: outPointer)
            if produced > 0 {
                chunk.withMemoryRebound(to: UInt8.self, capacity: produced) { start in
                    output.append(contentsOf: UnsafeBufferPointer(start: start, count: produced))
                }
            }
        }

        while inLeft > 0 {
            var outPointer: UnsafeMutablePointer<CChar>? = chunk
            var outLeft = chunkSize
            let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
            let failure = result == -1 ? errno : 0
            drain(outPointer)
            switch failure {
            case 0, E2BIG:
                continue
            case EILSEQ:
                // Skipping one byte resynchronises on the next lead byte, which keeps ASCII after a broken character.
                output.append(contentsOf: replacement)
                replaced += 1
                inPointer = inPointer.map { $0 + 1 }
                inLeft -= 1
            default:
                // EINVAL: the input ends inside a character.
                output.append(contentsOf: replacement)
                replaced += 1
                inLeft = 0
            }
        }
        // Stateful charsets such as ISO-2022-JP may still have a shift sequence to emit.
        var outPointer: UnsafeMutablePointer<CChar>? = chunk
        var outLeft = chunkSize
        _ = iconv(descriptor, nil, nil, &outPointer, &outLeft)
        drain(outPointer)
        return (output, replaced)
    }
    #endif
}
