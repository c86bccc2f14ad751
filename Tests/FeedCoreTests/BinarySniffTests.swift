import Testing

@testable import FeedCore

@Suite("Bytes that are no text are named, not read as text")
struct BinarySniffTests {
    @Test("compressed files, archives, images and PDFs by their signatures")
    func signatures() throws {
        #expect(
            BinarySniff.signature(try fixtureBytes("rss20.xml", "gz", subdirectory: "Fixtures/binary"))
                == "gzip-compressed data (decompress it first)"
        )
        #expect(
            BinarySniff.signature(try fixtureBytes("report", "pdf", subdirectory: "Fixtures/binary"))
                == "a PDF document"
        )
        #expect(BinarySniff.signature([0x28, 0xB5, 0x2F, 0xFD, 0x00]) == "zstd-compressed data (decompress it first)")
        #expect(BinarySniff.signature([0x50, 0x4B, 0x03, 0x04, 0x14]) == "a ZIP archive")
        #expect(BinarySniff.signature([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00]) == "a PNG image")
        #expect(BinarySniff.signature([0xFF, 0xD8, 0xFF, 0xE0]) == "a JPEG image")
        #expect(BinarySniff.signature(Array("GIF89a".utf8)) == "a GIF image")
    }

    @Test("text is not binary: XML, JSON, HTML, prose, UTF-8 with a BOM, a lone 0x1F")
    func textIsNot() throws {
        for text in ["<?xml version=\"1.0\"?><rss/>", "{\"version\": 1}", "<!doctype html><p>x", "Title\n\nProse.", ""]
        {
            #expect(BinarySniff.describe(Array(text.utf8), charset: nil) == nil, "\(text)")
        }
        #expect(BinarySniff.describe([0xEF, 0xBB, 0xBF] + Array("Заголовок".utf8), charset: nil) == nil)
        #expect(BinarySniff.describe([0x1F] + Array("not gzip".utf8), charset: nil) == nil)
        #expect(BinarySniff.describe(try fixtureBytes("rss20", "xml"), charset: nil) == nil)
    }

    @Test("a NUL byte makes binary data, unless the text is UTF-16 or UTF-32")
    func nulBytes() {
        let binary = Array("just some bytes".utf8) + [0, 1] + Array("more".utf8)
        #expect(BinarySniff.describe(binary, charset: nil) == "binary data (a NUL byte at offset 15)")
        // UTF-16 text: with a byte order mark, declared by the caller, or starting with an ASCII character.
        let littleEndian = Array("Title".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let bigEndian = Array("Title".utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(BinarySniff.describe([0xFF, 0xFE] + littleEndian, charset: nil) == nil)
        #expect(BinarySniff.describe(littleEndian, charset: nil) == nil)
        #expect(BinarySniff.describe(bigEndian, charset: nil) == nil)
        #expect(BinarySniff.describe(Array("Ti".utf8) + [0] + Array("tle".utf8), charset: "UTF-16LE") == nil)
        #expect(BinarySniff.describe(Array("Ti".utf8) + [0] + Array("tle".utf8), charset: "ucs-2") == nil)
    }
}
