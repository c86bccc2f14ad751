import Testing

@testable import FeedWatch

/// ConfigByteSize: sizes with binary and decimal units, and plain byte counts.
struct ConfigByteSizeTests {
    @Test(arguments: [
        ("10MiB", 10 << 20), ("512KiB", 512 << 10), ("1GiB", 1 << 30), ("1MB", 1_000_000), ("1kB", 1000),
        ("2GB", 2_000_000_000), ("100B", 100), ("65536", 65536), ("10 MiB", 10 << 20), ("16mib", 16 << 20), ("0", 0),
    ])
    func readsEveryForm(text: String, bytes: Int) throws {
        #expect(try ConfigByteSize.parse(text) == bytes)
    }

    @Test(arguments: [
        ("-1MiB", "a size cannot be negative"),
        ("1.5MiB", "fractions are not read: write \"1536KiB\" rather than \"1.5MiB\""),
        ("10XB", "unknown unit 'XB' (use B, KiB, MiB, GiB, kB, MB or GB)"),
        ("MiB", "it must start with a whole number"),
        ("99999999999GiB", "the size is too large"),
    ])
    func saysWhatIsWrong(text: String, detail: String) {
        let expected =
            #"expected a size such as "10MiB", "512KiB" or a whole number of bytes, got "\#(text)": \#(detail)"#
        #expect(throws: ConfigValueProblem(expected)) { try ConfigByteSize.parse(text) }
    }

    @Test(arguments: [
        (16 << 20, "16MiB"), (1 << 30, "1GiB"), (512 << 10, "512KiB"), (1_000_000, "1MB"), (3000, "3kB"),
    ])
    func writesTheLargestExactUnit(bytes: Int, text: String) throws {
        #expect(ConfigByteSize.format(bytes) == text)
        #expect(try ConfigByteSize.parse(text) == bytes)
    }

    @Test func aSizeNoUnitFitsIsAPlainInteger() {
        #expect(ConfigByteSize.format(64) == nil)
        #expect(ConfigByteSize.format(1001) == nil)
        #expect(ConfigByteSize.format(0) == nil)
    }
}
