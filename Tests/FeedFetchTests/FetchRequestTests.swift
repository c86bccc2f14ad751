import Testing

@testable import FeedFetch

/// Header look-ups: names compared without regard to ASCII case, the last of repeated fields winning.
struct FetchRequestTests {
    @Test func aFieldIsFoundWhateverTheCaseOfItsName() {
        let headers = [
            HTTPHeader(name: "ETag", value: "\"v1\""), HTTPHeader(name: "last-modified", value: "Sun, 29 Nov 2026"),
            HTTPHeader(name: "Content-Type", value: "text/xml"), HTTPHeader(name: "ETAG", value: "\"v2\""),
        ]
        #expect(headers.value(for: "etag") == "\"v2\"")
        #expect(headers.value(for: "Last-Modified") == "Sun, 29 Nov 2026")
        #expect(headers.value(for: "CONTENT-TYPE") == "text/xml")
        #expect(headers.value(for: "Content-Typ") == nil)
        #expect(headers.value(for: "Content_Type") == nil)
    }

    /// Only A-Z fold: letters beyond ASCII, and the bytes just past Z and a, stay as they are.
    @Test func onlyASCIILettersFold() {
        #expect("X-Café".caseInsensitiveEquals("x-café"))
        #expect(!"X-Café".caseInsensitiveEquals("x-cafÉ"))
        #expect(!"[".caseInsensitiveEquals("{"))
        #expect(!"@".caseInsensitiveEquals("`"))
        #expect("".caseInsensitiveEquals(""))
    }
}
