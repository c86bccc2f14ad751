import Foundation
import Testing

@testable import FeedCore

@Suite("DocumentCharset")
struct DocumentCharsetTests {
    /// What `decodeXML(_:callerCharset: nil)` must report for one fixture (see Fixtures/encoding/README.md).
    struct Fixture: Sendable, CustomTestStringConvertible {
        var file: String
        var charset: String
        var source: CharsetSource
        var channelTitle: String
        var itemTitle: String
        var replaced = 0

        var testDescription: String { file }
    }

    static let fixtures: [Fixture] = [
        Fixture(
            file: "ru-windows-1251.xml",
            charset: "windows-1251",
            source: .declaration,
            channelTitle: "Новости Приволжья",
            itemTitle: "В Нижнем Новгороде открыли новый мост через Оку"
        ),
        Fixture(
            file: "ru-koi8-r.xml",
            charset: "koi8-r",
            source: .declaration,
            channelTitle: "Сибирский вестник",
            itemTitle: "Морозы до минус сорока ожидаются в Новосибирске на выходных"
        ),
        Fixture(
            file: "ru-utf-8.xml",
            charset: "utf-8",
            source: .defaulted,
            channelTitle: "Лента новостей Черноземья",
            itemTitle: "Воронежские аграрии собрали рекордный урожай подсолнечника"
        ),
        Fixture(
            file: "uk-windows-1251.xml",
            charset: "windows-1251",
            source: .declaration,
            channelTitle: "Новини Полтавщини",
            itemTitle: "У Полтаві відкрили оновлену бібліотеку імені Котляревського"
        ),
        Fixture(
            file: "uk-koi8-u.xml",
            charset: "koi8-u",
            source: .declaration,
            channelTitle: "Львівські вісті",
            itemTitle: "Львівський трамвай отримає ще двадцять нових вагонів"
        ),
        Fixture(
            file: "uk-utf-16le-bom.xml",
            charset: "utf-16le",
            source: .byteOrderMark,
            channelTitle: "Київський кур’єр",
            itemTitle: "На Подолі з’явиться пішохідна зона вздовж Дніпра"
        ),
        Fixture(
            file: "uk-utf-16be-nobom.xml",
            charset: "utf-16be",
            source: .declaration,
            channelTitle: "Харківські новини",
            itemTitle: "Харківське метро продовжить роботу до опівночі"
        ),
        Fixture(
            file: "it-iso-8859-1.xml",
            charset: "windows-1252",
            source: .declaration,
            channelTitle: "Cronache di Città",
            itemTitle: "Università di Bologna, più fondi per la ricerca"
        ),
        Fixture(
            file: "it-iso-8859-15.xml",
            charset: "iso-8859-15",
            source: .declaration,
            channelTitle: "Il Corriere dell'Economia",
            itemTitle: "Il prezzo del caffè al bar sale a 1,50 €"
        ),
        Fixture(
            file: "it-windows-1252-as-latin1.xml",
            charset: "windows-1252",
            source: .declaration,
            channelTitle: "Notizie dall’Emilia",
            itemTitle: "Modena, “il bilancio è solido”: avanzo di 3 milioni di € — e nuove assunzioni"
        ),
        Fixture(
            file: "it-utf-8-bom.xml",
            charset: "utf-8",
            source: .byteOrderMark,
            channelTitle: "La Gazzetta di Trieste",
            itemTitle: "Trieste, al porto arrivano più navi: +12% rispetto all’anno scorso"
        ),
        Fixture(
            file: "ru-utf-8-invalid.xml",
            charset: "utf-8",
            source: .declaration,
            channelTitle: "Уральский дайджест",
            itemTitle: "Екатеринбургский метрополитен продлит вторую линию",
            replaced: 3
        ),
    ]

    static func load(_ file: String) throws -> [UInt8] {
        let name = String(file.dropLast(".xml".count))
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "xml", subdirectory: "Fixtures/encoding"),
            "missing fixture \(file)"
        )
        return try [UInt8](Data(contentsOf: url))
    }

    static func text(_ document: DecodedDocument) throws -> String {
        // Bound first so that a failure reports nil rather than dumping every byte of the document.
        let text = String(validating: document.utf8, as: UTF8.self)
        return try #require(text, "decoded bytes are not valid UTF-8")
    }

    /// An ASCII declaration and markup around bytes in some legacy charset.
    static func document(encoding: String?, body: [UInt8]) -> [UInt8] {
        let declaration = encoding.map { #"<?xml version="1.0" encoding="\#($0)"?>"# } ?? #"<?xml version="1.0"?>"#
        return Array((declaration + "<t>").utf8) + body + Array("</t>".utf8)
    }

    static let privetWindows1251: [UInt8] = [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2]  // "Привет"

    // MARK: - Fixtures

    @Test("Each fixture decodes to its expected titles, charset and source", arguments: DocumentCharsetTests.fixtures)
    func fixture(_ expected: Fixture) throws {
        let document = DocumentCharset.decodeXML(try Self.load(expected.file), callerCharset: nil)
        let text = try Self.text(document)
        #expect(document.charset == expected.charset)
        #expect(document.source == expected.source)
        #expect(document.replacedSequences == expected.replaced)
        #expect(text.contains("<title>\(expected.channelTitle)</title>"))
        #expect(text.contains("<title>\(expected.itemTitle)</title>"))
        // Any byte order mark is gone: the text starts at the declaration.
        #expect(text.hasPrefix("<?xml"))
        #expect(text.hasSuffix("</rss>\n"))
    }

    @Test("Every fixture file on disk has an expectation here")
    func everyFixtureIsTested() throws {
        let urls = try #require(Bundle.module.urls(forResourcesWithExtension: "xml", subdirectory: "Fixtures/encoding"))
        let onDisk = Set(urls.map(\.lastPathComponent))
        #expect(onDisk == Set(Self.fixtures.map(\.file)))
    }

    @Test("The second item of the windows-1251 feed keeps its guillemets and Ё")
    func secondItem() throws {
        let text = try Self.text(DocumentCharset.decodeXML(try Self.load("ru-windows-1251.xml"), callerCharset: nil))
        #expect(text.contains("<title>Нижегородский «Ёлочный базар» начнёт работу 20 декабря</title>"))
    }

    @Test("Invalid UTF-8 becomes U+FFFD with one counted warning")
    func invalidUTF8Fixture() throws {
        let document = DocumentCharset.decodeXML(try Self.load("ru-utf-8-invalid.xml"), callerCharset: nil)
        let text = try Self.text(document)
        #expect(text.contains("\u{FFFD}Проект второй линии \u{FFFD} утвердили в мэрии; \u{FFFD}стоимость"))
        #expect(document.warnings == [ParseWarning("3 invalid byte sequences in utf-8 replaced with U+FFFD")])
    }

    // MARK: - Precedence

    @Test("A byte order mark beats the caller's charset and the declaration")
    func byteOrderMarkWins() throws {
        let utf16 = DocumentCharset.decodeXML(try Self.load("uk-utf-16le-bom.xml"), callerCharset: "windows-1251")
        #expect(utf16.charset == "utf-16le")
        #expect(utf16.source == .byteOrderMark)
        #expect(try Self.text(utf16).contains("Київський кур’єр"))
        #expect(
            utf16.warnings.contains {
                $0.message.contains("windows-1251") && $0.message.contains("byte order mark")
            }
        )

        let utf8 = DocumentCharset.decodeXML(
            [0xEF, 0xBB, 0xBF]
                + Self.document(
                    encoding: "koi8-r",
                    body: Array("Привет".utf8)
                ),
            callerCharset: "iso-8859-5"
        )
        #expect(utf8.charset == "utf-8")
        #expect(utf8.source == .byteOrderMark)
        #expect(try Self.text(utf8).contains("<t>Привет</t>"))
        #expect(utf8.warnings.count == 2)  // one for the caller, one for the declaration
    }

    @Test("A byte order mark that agrees with the labels gives no warning")
    func byteOrderMarkAgreeing() throws {
        let document = DocumentCharset.decodeXML(try Self.load("uk-utf-16le-bom.xml"), callerCharset: "UTF-16")
        #expect(document.source == .byteOrderMark)
        #expect(document.warnings.isEmpty)
    }

    @Test("The caller's charset beats the declaration (RFC 7303)")
    func callerBeatsDeclaration() throws {
        let bytes = Self.document(encoding: "koi8-r", body: Self.privetWindows1251)
        let document = DocumentCharset.decodeXML(bytes, callerCharset: "windows-1251")
        #expect(document.charset == "windows-1251")
        #expect(document.source == .caller)
        #expect(try Self.text(document).contains("<t>Привет</t>"))
        #expect(document.warnings.contains { $0.message.contains("overrides the declared encoding koi8-r") })
    }

    @Test("The caller's charset is used when the document declares none")
    func callerWithoutDeclaration() throws {
        let document = DocumentCharset.decodeXML(
            Self.document(encoding: nil, body: Self.privetWindows1251),
            callerCharset: "cp1251"
        )
        #expect(document.charset == "windows-1251")
        #expect(document.source == .caller)
        #expect(try Self.text(document).contains("<t>Привет</t>"))
        #expect(document.warnings.isEmpty)
    }

    @Test("An HTTP quoted-string charset is unquoted")
    func quotedCallerCharset() {
        let document = DocumentCharset.decodeXML(
            Self.document(encoding: nil, body: Self.privetWindows1251),
            callerCharset: " \"Windows-1251\" "
        )
        #expect(document.charset == "windows-1251")
        #expect(document.source == .caller)
    }

    @Test("A caller's ISO-8859-1 reads curly quotes, € and — as windows-1252")
    func callerLatin1IsWindows1252() throws {
        let document = DocumentCharset.decodeXML(
            try Self.load("it-windows-1252-as-latin1.xml"),
            callerCharset: "ISO-8859-1"
        )
        #expect(document.charset == "windows-1252")
        #expect(document.source == .caller)
        #expect(try Self.text(document).contains("“il bilancio è solido”: avanzo di 3 milioni di € — e"))
        #expect(document.replacedSequences == 0)
    }

    @Test("Exception: caller says utf-8, bytes are not UTF-8, declaration names a known charset")
    func utf8CallerOverriddenByDeclaration() throws {
        let document = DocumentCharset.decodeXML(try Self.load("ru-windows-1251.xml"), callerCharset: "utf-8")
        #expect(document.charset == "windows-1251")
        #expect(document.source == .declaration)
        #expect(document.replacedSequences == 0)
        #expect(try Self.text(document).contains("<title>Новости Приволжья</title>"))
        #expect(document.warnings.contains { $0.message.contains("not valid UTF-8") })
    }

    @Test("No exception when the bytes are valid UTF-8: the caller still wins")
    func utf8CallerWithValidBytes() throws {
        let document = DocumentCharset.decodeXML(
            Self.document(encoding: "windows-1251", body: Array("Привет".utf8)),
            callerCharset: "utf-8"
        )
        #expect(document.charset == "utf-8")
        #expect(document.source == .caller)
        #expect(try Self.text(document).contains("<t>Привет</t>"))
    }

    @Test("No exception when the declaration is unknown: invalid UTF-8 is repaired")
    func utf8CallerWithUnknownDeclaration() {
        let document = DocumentCharset.decodeXML(
            Self.document(encoding: "x-martian", body: Self.privetWindows1251),
            callerCharset: "utf-8"
        )
        #expect(document.charset == "utf-8")
        #expect(document.source == .caller)
        #expect(document.replacedSequences == 6)
        #expect(document.warnings.contains { $0.message.contains("x-martian") })
    }

    @Test("No exception for a caller charset other than utf-8")
    func nonUTF8CallerIsBelieved() throws {
        let document = DocumentCharset.decodeXML(try Self.load("ru-windows-1251.xml"), callerCharset: "koi8-r")
        #expect(document.charset == "koi8-r")
        #expect(document.source == .caller)
    }

    @Test("An unknown caller charset is ignored with a warning, and the declaration decides")
    func unknownCallerCharset() throws {
        let document = DocumentCharset.decodeXML(try Self.load("ru-koi8-r.xml"), callerCharset: "x-klingon")
        #expect(document.charset == "koi8-r")
        #expect(document.source == .declaration)
        #expect(try Self.text(document).contains("<title>Сибирский вестник</title>"))
        #expect(document.warnings == [ParseWarning("Ignored unknown charset \"x-klingon\" from the server")])
    }

    @Test("An unknown declared encoding falls back to UTF-8 with a warning")
    func unknownDeclaration() {
        let document = DocumentCharset.decodeXML(
            Self.document(encoding: "x-klingon", body: Array("Qapla’".utf8)),
            callerCharset: nil
        )
        #expect(document.charset == "utf-8")
        #expect(document.source == .defaulted)
        #expect(document.warnings.contains { $0.message.contains("x-klingon") })
    }

    @Test("A caller's UTF-16 is ignored for a document whose first bytes are ASCII")
    func callerUTF16ForASCIIDocument() throws {
        let document = DocumentCharset.decodeXML(try Self.load("ru-koi8-r.xml"), callerCharset: "utf-16")
        #expect(document.charset == "koi8-r")
        #expect(document.source == .declaration)
        #expect(document.warnings.count == 1)
    }

    @Test("A caller's single-byte charset is ignored for a UTF-16 document without BOM")
    func callerSingleByteForUTF16Document() throws {
        let document = DocumentCharset.decodeXML(try Self.load("uk-utf-16be-nobom.xml"), callerCharset: "windows-1251")
        #expect(document.charset == "utf-16be")
        #expect(document.source == .declaration)
        #expect(try Self.text(document).contains("Харківські новини"))
        #expect(document.warnings.count == 1)
    }

    @Test("A caller's orderless utf-16 takes its byte order from the first bytes")
    func callerOrderlessUTF16() throws {
        let document = DocumentCharset.decodeXML(try Self.load("uk-utf-16be-nobom.xml"), callerCharset: "utf-16")
        #expect(document.charset == "utf-16be")
        #expect(document.source == .caller)
        #expect(document.warnings.isEmpty)
    }

    @Test("Caller and declaration disagreeing over a pure-ASCII document is not worth a warning")
    func disagreementOverASCII() {
        let document = DocumentCharset.decodeXML(
            Self.document(encoding: "ISO-8859-1", body: Array("news".utf8)),
            callerCharset: "utf-8"
        )
        #expect(document.source == .caller)
        #expect(document.warnings.isEmpty)
    }

    @Test("Without BOM, caller or declaration a document is UTF-8")
    func defaultsToUTF8() throws {
        let document = DocumentCharset.decodeXML(Array("<rss>Café</rss>".utf8), callerCharset: nil)
        #expect(document.charset == "utf-8")
        #expect(document.source == .defaulted)
        #expect(try Self.text(document) == "<rss>Café</rss>")
    }

    @Test("An empty document decodes to nothing")
    func emptyDocument() {
        let document = DocumentCharset.decodeXML([], callerCharset: "utf-8")
        #expect(document.utf8.isEmpty)
        #expect(document.replacedSequences == 0)
    }

    // MARK: - Byte order marks and UTF-16/32 sniffing

    static let byteOrderMarks: [([UInt8], String)] = [
        ([0xEF, 0xBB, 0xBF], "utf-8"),
        ([0xFF, 0xFE], "utf-16le"),
        ([0xFE, 0xFF], "utf-16be"),
        ([0xFF, 0xFE, 0x00, 0x00], "utf-32le"),
        ([0x00, 0x00, 0xFE, 0xFF], "utf-32be"),
    ]

    static func encode(_ text: String, _ charset: String) -> [UInt8] {
        switch charset {
        case "utf-16le": text.utf16.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
        case "utf-16be": text.utf16.flatMap { [UInt8(truncatingIfNeeded: $0 >> 8), UInt8(truncatingIfNeeded: $0)] }
        case "utf-32le":
            text.unicodeScalars.flatMap { s in (0..<4).map { UInt8(truncatingIfNeeded: s.value >> (8 * $0)) } }
        case "utf-32be":
            text.unicodeScalars.flatMap { s in (0..<4).reversed().map { UInt8(truncatingIfNeeded: s.value >> (8 * $0)) }
            }
        default: Array(text.utf8)
        }
    }

    @Test("Byte order marks are recognised and removed", arguments: DocumentCharsetTests.byteOrderMarks)
    func byteOrderMark(_ mark: [UInt8], _ charset: String) throws {
        let text = "<rss>Київ 😀</rss>"
        let document = DocumentCharset.decodeXML(mark + Self.encode(text, charset), callerCharset: nil)
        #expect(document.charset == charset)
        #expect(document.source == .byteOrderMark)
        #expect(try Self.text(document) == text)
    }

    @Test("Without a BOM, <\\0?\\0 and \\0<\\0? mean UTF-16", arguments: ["utf-16le", "utf-16be"])
    func utf16WithoutBOM(_ charset: String) throws {
        let text = #"<?xml version="1.0"?><rss>Київ</rss>"#
        let document = DocumentCharset.decodeXML(Self.encode(text, charset), callerCharset: nil)
        #expect(document.charset == charset)
        #expect(document.source == .defaulted)
        #expect(try Self.text(document) == text)
    }

    @Test("A declaration of UTF-16 in an ASCII document is ignored with a warning")
    func utf16DeclarationInASCIIDocument() {
        let document = DocumentCharset.decodeXML(
            Self.document(encoding: "UTF-16", body: Array("Київ".utf8)),
            callerCharset: nil
        )
        #expect(document.charset == "utf-8")
        #expect(document.source == .defaulted)
        #expect(document.warnings.count == 1)
    }

    // MARK: - The XML declaration

    static let declarations: [(String, String?)] = [
        (#"<?xml version="1.0" encoding="koi8-r"?>"#, "koi8-r"),
        ("<?xml version='1.0' encoding='KOI8-R'?>", "KOI8-R"),
        ("<?xml\tversion=\"1.0\"\n   encoding\t=  \"windows-1251\"  standalone=\"yes\" ?>", "windows-1251"),
        (#"<?xml version="1.0" standalone="yes" encoding="iso-8859-15"?>"#, "iso-8859-15"),
        ("\n  <?xml version=\"1.0\" encoding=\"utf-8\"?>", "utf-8"),
        (#"<?xml version="encoding"?>"#, nil),
        (#"<?xml version="1.0"?><rss encoding="koi8-r">"#, nil),
        (#"<?xml-stylesheet encoding="koi8-r"?>"#, nil),
        (#"<rss encoding="koi8-r">"#, nil),
        (#"<?xml version="1.0" encoding="koi8-r"#, nil),
        ("<?xml version=\"1.0\"" + String(repeating: " ", count: 2_000) + "encoding=\"koi8-r\"?>", nil),
    ]

    @Test(
        "The encoding pseudo-attribute is read from the first bytes only",
        arguments: DocumentCharsetTests.declarations
    )
    func declaration(_ text: String, _ expected: String?) {
        let bytes = Array(text.utf8)
        let layout = XMLEncodingSniffer.layout(bytes)
        #expect(XMLEncodingSniffer.declaredEncoding(bytes, from: 0, layout: layout) == expected)
    }

    @Test("The declaration of a UTF-16 document is read in UTF-16")
    func utf16Declaration() {
        let bytes = Self.encode(#"<?xml version="1.0" encoding="UTF-16"?>"#, "utf-16be")
        #expect(XMLEncodingSniffer.declaredEncoding(bytes, from: 0, layout: .utf16(bigEndian: true)) == "UTF-16")
    }

    // MARK: - Labels

    static let labels: [(String, String?)] = [
        ("utf-8", "utf-8"), ("UTF8", "utf-8"), (" utf-8\t", "utf-8"), ("unicode-1-1-utf-8", "utf-8"),
        ("latin1", "windows-1252"), ("ISO-8859-1", "windows-1252"), ("iso_8859-1:1987", "windows-1252"),
        ("us-ascii", "windows-1252"), ("ASCII", "windows-1252"), ("cp1252", "windows-1252"),
        ("cp1251", "windows-1251"), ("Windows-1251", "windows-1251"), ("x-cp1251", "windows-1251"),
        ("ISO-8859-15", "iso-8859-15"), ("l9", "iso-8859-15"), ("latin2", "iso-8859-2"),
        ("ISO-8859-9", "windows-1254"), ("KOI8-R", "koi8-r"), ("koi8", "koi8-r"), ("koi8-ru", "koi8-u"),
        ("cp866", "ibm866"), ("x-mac-ukrainian", "x-mac-cyrillic"), ("greek", "iso-8859-7"),
        ("Shift_JIS", "shift_jis"), ("sjis", "shift_jis"), ("gb2312", "gbk"), ("big5-hkscs", "big5"),
        ("ks_c_5601-1987", "euc-kr"), ("utf-16", "utf-16le"), ("UTF-16BE", "utf-16be"), ("utf-32", "utf-32le"),
        ("", nil), ("utf-7", nil), ("latin-1", nil), ("iso-2022-kr", nil), ("x-user-defined", nil), ("koi8 r", nil),
    ]

    @Test("Labels map to WHATWG canonical names", arguments: DocumentCharsetTests.labels)
    func canonicalName(_ label: String, _ expected: String?) {
        #expect(DocumentCharset.canonicalName(label) == expected)
    }

    // MARK: - decode(_:charset:)

    static let samples: [(String, [UInt8], String)] = [
        ("windows-1250", [0xA3, 0xF3, 0x64, 0x9F, 0x2C, 0x20, 0x8E, 0x69, 0x6C, 0x69, 0x6E, 0x61], "Łódź, Žilina"),
        (
            "windows-1251",
            [
                0xCC, 0xEE, 0xF1, 0xEA, 0xE2, 0xE0, 0x20, 0x97, 0x20, 0xAB, 0xD1, 0xEF, 0xE0, 0xF0, 0xF2,
                0xE0, 0xEA, 0xBB,
            ], "Москва — «Спартак»"
        ),
        (
            "windows-1252", [0x93, 0x50, 0x65, 0x72, 0x63, 0x68, 0xE9, 0x3F, 0x94, 0x20, 0x97, 0x20, 0x35, 0x20, 0x80],
            "“Perché?” — 5 €"
        ),
        ("iso-8859-1", [0x93, 0xAB, 0xBB, 0x80, 0xE0], "“«»€à"),
        ("windows-1253", [0xC1, 0xE8, 0xDE, 0xED, 0xE1], "Αθήνα"),
        (
            "windows-1254",
            [
                0xDD, 0x73, 0x74, 0x61, 0x6E, 0x62, 0x75, 0x6C, 0x92, 0x64, 0x61, 0x20, 0x61, 0xF0, 0xFD,
                0x72,
            ], "İstanbul’da ağır"
        ),
        (
            "windows-1257",
            [
                0x52, 0xEE, 0x67, 0x61, 0x2C, 0x20, 0x4B, 0x61, 0x75, 0x6E, 0x61, 0x73, 0x20, 0xE0, 0xE8,
                0xE6,
            ], "Rīga, Kaunas ąčę"
        ),
        ("iso-8859-2", [0xA3, 0xF3, 0x64, 0xBC, 0x2C, 0x20, 0xAE, 0x69, 0x6C, 0x69, 0x6E, 0x61], "Łódź, Žilina"),
        ("iso-8859-5", [0xBC, 0xDE, 0xE1, 0xDA, 0xD2, 0xD0], "Москва"),
        ("iso-8859-7", [0xC1, 0xE8, 0xDE, 0xED, 0xE1], "Αθήνα"),
        ("iso-8859-15", [0xBC, 0x75, 0x76, 0x72, 0x65, 0x20, 0x35, 0x20, 0xA4], "Œuvre 5 €"),
        ("koi8-r", [0xED, 0xCF, 0xD3, 0xCB, 0xD7, 0xC1], "Москва"),
        (
            "koi8-u",
            [
                0xBD, 0xC1, 0xCE, 0xCF, 0xCB, 0x2C, 0x20, 0xA7, 0xD6, 0xC1, 0xCB, 0x2C, 0x20, 0xA4, 0xC4, 0xCE,
                0xA6, 0xD3, 0xD4, 0xD8, 0x2C, 0x20, 0xEB, 0xC9, 0xA7, 0xD7, 0x20, 0xAE, 0xBE,
            ],
            "Ґанок, їжак, єдність, Київ ўЎ"
        ),
        ("ibm866", [0x8C, 0xAE, 0xE1, 0xAA, 0xA2, 0xA0], "Москва"),
        ("x-mac-cyrillic", [0x8C, 0xEE, 0xF1, 0xEA, 0xE2, 0xE0, 0x2C, 0x20, 0xA2], "Москва, Ґ"),
        ("iso-8859-8", [0xF9, 0xEC, 0xE5, 0xED], "שלום"),
        ("windows-1256", [0xE3, 0xD1, 0xCD, 0xC8, 0xC7], "مرحبا"),
        ("windows-874", [0xCA, 0xC7, 0xD1, 0xCA, 0xB4, 0xD5], "สวัสดี"),
        ("macintosh", [0x43, 0x61, 0x66, 0x8E, 0x20, 0xD6, 0x20, 0xB9], "Café ÷ π"),
        ("utf-16be", [0x04, 0x1A, 0x00, 0x20, 0xD8, 0x3D, 0xDE, 0x00], "К 😀"),
    ]

    @Test("Built-in charsets decode real text", arguments: DocumentCharsetTests.samples)
    func builtIn(_ charset: String, _ bytes: [UInt8], _ expected: String) throws {
        let decoded = try #require(DocumentCharset.decode(bytes, charset: charset))
        #expect(String(decoding: decoded.utf8, as: UTF8.self) == expected)
        #expect(decoded.replaced == 0)
    }

    static let iconvSamples: [(String, [UInt8], String)] = [
        (
            "shift_jis",
            [0x93, 0xFA, 0x96, 0x7B, 0x8C, 0xEA, 0x82, 0xCC, 0x83, 0x6A, 0x83, 0x85, 0x81, 0x5B, 0x83, 0x58],
            "日本語のニュース"
        ),
        (
            "euc-jp", [0xC6, 0xFC, 0xCB, 0xDC, 0xB8, 0xEC, 0xA4, 0xCE, 0xA5, 0xCB, 0xA5, 0xE5, 0xA1, 0xBC, 0xA5, 0xB9],
            "日本語のニュース"
        ),
        ("gb2312", [0xD6, 0xD0, 0xCE, 0xC4, 0xD0, 0xC2, 0xCE, 0xC5], "中文新闻"),
        ("gb18030", [0xD6, 0xD0, 0xCE, 0xC4, 0xD0, 0xC2, 0xCE, 0xC5], "中文新闻"),
        ("big5", [0xA4, 0xA4, 0xA4, 0xE5, 0xB7, 0x73, 0xBB, 0x44], "中文新聞"),
        ("euc-kr", [0xC7, 0xD1, 0xB1, 0xB9, 0xBE, 0xEE, 0x20, 0xB4, 0xBA, 0xBD, 0xBA], "한국어 뉴스"),
        ("iso-2022-jp", [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x38, 0x6C, 0x1B, 0x28, 0x42], "日本語"),
    ]

    /// iconv's charsets come from the C library's gconv modules, which Debian's libc6 ships.
    static let iconvAvailable = DocumentCharset.decode([UInt8](), charset: "shift_jis") != nil

    @Test(
        "CJK charsets decode through iconv",
        .enabled(if: DocumentCharsetTests.iconvAvailable),
        arguments: DocumentCharsetTests.iconvSamples
    )
    func throughIconv(_ charset: String, _ bytes: [UInt8], _ expected: String) throws {
        let decoded = try #require(DocumentCharset.decode(bytes, charset: charset))
        #expect(String(decoding: decoded.utf8, as: UTF8.self) == expected)
        #expect(decoded.replaced == 0)
    }

    @Test("iconv's invalid input is replaced and counted", .enabled(if: DocumentCharsetTests.iconvAvailable))
    func iconvReplacement() throws {
        // 0x82 0x20 is a lead byte without its trail; the space survives. A lone lead ends the input.
        let decoded = try #require(DocumentCharset.decode([0x93, 0xFA, 0x82, 0x20, 0x41, 0x82], charset: "sjis"))
        #expect(String(decoding: decoded.utf8, as: UTF8.self) == "日\u{FFFD} A\u{FFFD}")
        #expect(decoded.replaced == 2)
    }

    @Test("A Shift_JIS feed is decoded by its declaration", .enabled(if: DocumentCharsetTests.iconvAvailable))
    func shiftJISDocument() throws {
        let document = DocumentCharset.decodeXML(
            Self.document(encoding: "Shift_JIS", body: [0x93, 0xFA, 0x96, 0x7B]),
            callerCharset: nil
        )
        #expect(document.charset == "shift_jis")
        #expect(document.source == .declaration)
        #expect(try Self.text(document).contains("<t>日本</t>"))
    }

    @Test("ISO-8859-15 has € at 0xA4 where windows-1252 (ISO-8859-1) has ¤")
    func euroSign() {
        #expect(DocumentCharset.decode([0xA4], charset: "ISO-8859-15").map { Array($0.utf8) } == Array("€".utf8))
        #expect(DocumentCharset.decode([0xA4], charset: "ISO-8859-1").map { Array($0.utf8) } == Array("¤".utf8))
        #expect(DocumentCharset.decode([0x80], charset: "ISO-8859-1").map { Array($0.utf8) } == Array("€".utf8))
    }

    static let undefinedByteCases: [(String, [UInt8], Int)] = [
        ("windows-1251", [0x41, 0x98, 0x42], 1),
        ("windows-1252", [0x81, 0x8D, 0x8F, 0x90, 0x9D], 5),
        ("windows-1253", [0xAA, 0xD2, 0xFF], 3),
        ("iso-8859-7", [0xAE, 0xD2, 0xFF], 3),
        ("koi8-r", Array(0x80...0xFF), 0),
    ]

    @Test(
        "Bytes a table leaves undefined become U+FFFD and are counted",
        arguments: DocumentCharsetTests.undefinedByteCases
    )
    func undefinedBytes(_ charset: String, _ bytes: [UInt8], _ expected: Int) throws {
        let decoded = try #require(DocumentCharset.decode(bytes, charset: charset))
        let text = String(decoding: decoded.utf8, as: UTF8.self)
        #expect(decoded.replaced == expected)
        #expect(text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count == expected)
        #expect(text.unicodeScalars.count == bytes.count)
    }

    @Test("A single replacement gets a singular warning")
    func singularWarning() {
        let document = DocumentCharset.decodeXML(
            Self.document(encoding: "windows-1251", body: [0xCF, 0x98]),
            callerCharset: nil
        )
        #expect(document.replacedSequences == 1)
        #expect(document.warnings == [ParseWarning("1 invalid byte sequence in windows-1251 replaced with U+FFFD")])
    }

    static let malformedUTF8Cases: [([UInt8], String, Int)] = [
        ([0x61, 0xFF, 0x62], "a\u{FFFD}b", 1),
        ([0xC0, 0xAF], "\u{FFFD}\u{FFFD}", 2),  // overlong "/"
        ([0xE2, 0x82], "\u{FFFD}", 1),  // truncated at the end
        ([0xE2, 0x82, 0x41], "\u{FFFD}A", 1),
        ([0xED, 0xA0, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}", 3),  // a surrogate
        ([0xF4, 0x90, 0x80, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}", 4),  // past U+10FFFF
        ([0xF0, 0x9F, 0x98], "\u{FFFD}", 1),
        ([0xD0, 0x20, 0xD0, 0x9F], "\u{FFFD} П", 1),
        (Array("Привет, мир! ".utf8) + [0xFF] + Array(" 😀".utf8), "Привет, мир! \u{FFFD} 😀", 1),
    ]

    @Test("Malformed UTF-8: one U+FFFD per maximal subpart", arguments: DocumentCharsetTests.malformedUTF8Cases)
    func malformedUTF8(_ bytes: [UInt8], _ expected: String, _ count: Int) throws {
        let decoded = try #require(DocumentCharset.decode(bytes, charset: "utf-8"))
        #expect(String(decoding: decoded.utf8, as: UTF8.self) == expected)
        #expect(decoded.replaced == count)
    }

    @Test("Malformed UTF-16: unpaired surrogates and an odd last byte")
    func malformedUTF16() throws {
        // D83D then "A": unpaired high surrogate; DE00 alone: unpaired low surrogate; 42: odd last byte.
        let bytes: [UInt8] = [0x3D, 0xD8, 0x41, 0x00, 0x00, 0xDE, 0x42]
        let decoded = try #require(DocumentCharset.decode(bytes, charset: "utf-16le"))
        #expect(String(decoding: decoded.utf8, as: UTF8.self) == "\u{FFFD}A\u{FFFD}\u{FFFD}")
        #expect(decoded.replaced == 3)
    }

    @Test("Valid UTF-8 is returned without copying")
    func validUTF8IsShared() throws {
        let bytes = Array(String(repeating: "Новости и news. ", count: 1_000).utf8)
        let document = DocumentCharset.decodeXML(bytes, callerCharset: nil)
        let decoded = try #require(DocumentCharset.decode(bytes, charset: "utf8"))
        let original = bytes.withUnsafeBufferPointer { $0.baseAddress }
        #expect(document.utf8.withUnsafeBufferPointer { $0.baseAddress } == original)
        #expect(decoded.utf8.withUnsafeBufferPointer { $0.baseAddress } == original)
    }

    @Test("decode accepts any collection of bytes")
    func otherCollections() {
        let bytes: [UInt8] = [0x41, 0xCF, 0xF0, 0xE8]
        #expect(DocumentCharset.decode(bytes[1...], charset: "cp1251").map { Array($0.utf8) } == Array("При".utf8))
        #expect(DocumentCharset.decode(Data(bytes), charset: "cp1251").map { Array($0.utf8) } == Array("AПри".utf8))
        #expect(
            DocumentCharset.decode(bytes.reversed(), charset: "cp1251").map { Array($0.utf8) }
                == Array("ирПA".utf8)
        )
        #expect(
            DocumentCharset.decode(Array("ok".utf8)[...], charset: "utf-8").map { Array($0.utf8) }
                == Array("ok".utf8)
        )
    }

    @Test("An unknown charset decodes to nil")
    func unknownCharset() {
        #expect(DocumentCharset.decode([0x41], charset: "x-klingon") == nil)
        #expect(DocumentCharset.decode([0x41], charset: "") == nil)
    }

    @Test("Long documents cross the word-at-a-time paths at every alignment")
    func longDocuments() throws {
        let line = "Съешь же ещё этих мягких французских булок, да выпей чаю. Quick brown fox. "
        for shift in 0..<8 {
            let text = String(repeating: "x", count: shift) + String(repeating: line, count: 200)
            let utf8 = try #require(DocumentCharset.decode(Array(text.utf8), charset: "utf-8"))
            #expect(utf8.replaced == 0)
            let utf16 = try #require(DocumentCharset.decode(Self.encode(text, "utf-16le"), charset: "utf-16le"))
            #expect(String(decoding: utf16.utf8, as: UTF8.self) == text)
            var broken = Array(text.utf8)
            broken[broken.count / 2 + shift] = 0xFF
            let repaired = try #require(DocumentCharset.decode(broken, charset: "utf-8"))
            #expect(repaired.utf8 == Array(String(decoding: broken, as: UTF8.self).utf8))
        }
    }
}
