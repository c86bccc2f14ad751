/// Recognises bytes that are no text at all (compressed files, archives, images, PDFs), so that a reader handed
/// them can say what they are instead of reading them as text: a spool folder may hold `story.html.gz`, and
/// a server may send a file it never decompressed.
enum BinarySniff {
    /// What the bytes are when they start with the signature of a binary format ("gzip-compressed data
    /// (decompress it first)"), else nil. No feed, page or text starts with one of these.
    static func signature(_ bytes: [UInt8]) -> String? {
        let decompress = " (decompress it first)"
        for (magic, what) in signatures where bytes.starts(with: magic) {
            return what.hasSuffix("compressed data") ? what + decompress : what
        }
        return nil
    }

    /// ``signature(_:)``, or "binary data" when the first KiB holds a NUL byte, which no text in an 8-bit
    /// charset or UTF-8 does. Text in UTF-16 or UTF-32 is full of NULs: it is taken as text when a byte
    /// order mark or `charset` says so, or when one of its first two bytes is NUL (an ASCII first character
    /// in either byte order).
    static func describe(_ bytes: [UInt8], charset: String?) -> String? {
        if let known = signature(bytes) { return known }
        guard let nul = bytes.prefix(1024).firstIndex(of: 0), nul > 1 else { return nil }
        if XMLEncodingSniffer.byteOrderMark(bytes) != nil { return nil }
        if let charset, let name = DocumentCharset.canonicalName(charset),
            name.hasPrefix("utf-16") || name.hasPrefix("utf-32")
        {
            return nil
        }
        return "binary data (a NUL byte at offset \(nul))"
    }

    private static let signatures: [(magic: [UInt8], what: String)] = [
        ([0x1F, 0x8B], "gzip-compressed data"),
        ([0x28, 0xB5, 0x2F, 0xFD], "zstd-compressed data"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz-compressed data"),
        ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive"),
        (Array("%PDF-".utf8), "a PDF document"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a PNG image"),
        ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        (Array("GIF87a".utf8), "a GIF image"),
        (Array("GIF89a".utf8), "a GIF image"),
    ]
}
