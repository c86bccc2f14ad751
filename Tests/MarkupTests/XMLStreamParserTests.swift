@preconcurrency import CLibXML2
import Foundation
import Testing

@testable import Markup

#if canImport(Glibc)
import Glibc
#endif

/// Collects what a parse delivered, so tests can check that nothing hostile got through.
final class Collector: XMLContentHandler {
    var text = ""
    var elements: [String] = []

    func startElement(_ name: XMLName, attributes: [XMLAttribute], line: Int) {
        elements.append(name.localName)
        for attribute in attributes { text += "[\(attribute.name.localName)=\(attribute.value)]" }
    }

    func endElement(_ name: XMLName) {}

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        text += String(decoding: bytes, as: UTF8.self)
    }
}

func fixture(_ name: String, replacing replacements: [String: String] = [:]) throws -> [UInt8] {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: "xml", subdirectory: "Fixtures/hostile"))
    var text = try String(contentsOf: url, encoding: .utf8)
    for (placeholder, value) in replacements { text = text.replacingOccurrences(of: placeholder, with: value) }
    return Array(text.utf8)
}

func parse(
    _ bytes: [UInt8],
    recover: Bool,
    limits: MarkupLimits = MarkupLimits()
) throws(MarkupError) -> (XMLParseOutcome, Collector) {
    let collector = Collector()
    let result: Result<XMLParseOutcome, MarkupError> = bytes.withUnsafeBytes { raw in
        Result { () throws(MarkupError) in
            try XMLStreamParser(limits: limits).parse(utf8: raw, recover: recover, handler: collector)
        }
    }
    return (try result.get(), collector)
}

/// Files whose content must never reach the parser's output.
struct Secrets {
    let directory: URL
    let entityFile: URL
    let dtdFile: URL
    static let marker = "FEEDWATCH-SECRET-4f1c"

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("markup-secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        entityFile = directory.appendingPathComponent("secret.txt")
        dtdFile = directory.appendingPathComponent("secret.dtd")
        try Data(Self.marker.utf8).write(to: entityFile)
        try Data("<!ENTITY fromdtd \"\(Self.marker)\">".utf8).write(to: dtdFile)
    }

    var replacements: [String: String] { ["@SECRET_FILE@": entityFile.path, "@SECRET_DTD@": dtdFile.path] }
}

@Suite("XMLStreamParser refuses or neutralises hostile input")
struct XMLStreamParserTests {
    @Test(
        "an external entity pointing at a local file is never loaded, strict or recovering",
        arguments: [false, true]
    )
    func externalEntityNotLoaded(recover: Bool) throws {
        let secrets = try Secrets()
        let (outcome, collector) = try parse(
            try fixture("external-entity", replacing: secrets.replacements),
            recover: recover
        )
        #expect(!collector.text.contains(Secrets.marker))
        #expect(collector.text.contains("Before"))
        #expect(
            outcome.notices.contains {
                $0.message.contains("external entity 'secret'") && $0.message.contains("not loaded")
            }
        )
        if recover {
            // The recovering pass reads on past the unresolved reference and keeps the rest of the document.
            #expect(collector.elements.contains("item"))
        }
    }

    @Test("/etc/passwd referenced as an entity stays out of the output", arguments: [false, true])
    func etcPasswd(recover: Bool) throws {
        let bytes = Array(
            """
            <?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>
            """.utf8
        )
        let (_, collector) = try parse(bytes, recover: recover)
        #expect(!collector.text.contains("root:"))
    }

    @Test("an external DTD is not loaded, so its entities stay undefined", arguments: [false, true])
    func externalDTDNotLoaded(recover: Bool) throws {
        let secrets = try Secrets()
        let (_, collector) = try parse(try fixture("external-dtd", replacing: secrets.replacements), recover: recover)
        #expect(!collector.text.contains(Secrets.marker))
    }

    @Test("an external parameter entity is not loaded", arguments: [false, true])
    func parameterEntityNotLoaded(recover: Bool) throws {
        let secrets = try Secrets()
        let (_, collector) = try parse(
            try fixture("parameter-entity", replacing: secrets.replacements),
            recover: recover
        )
        #expect(!collector.text.contains(Secrets.marker))
    }

    @Test("no network connection is attempted for DTDs, entities or XInclude", arguments: [false, true])
    func noNetwork(recover: Bool) throws {
        let listener = try LoopbackListener()
        let bytes = try fixture("network-resources", replacing: ["@PORT@": String(listener.port)])
        let (_, collector) = try parse(bytes, recover: recover)
        #expect(collector.text.contains("Remote"))
        #expect(!listener.hasPendingConnection())
    }

    @Test("billion laughs fails fast with a clear error, in both passes", arguments: [false, true])
    func billionLaughs(recover: Bool) throws {
        let bytes = try fixture("billion-laughs")
        let error = #expect(throws: MarkupError.self) { try parse(bytes, recover: recover) }
        guard case .entityExpansionRefused(let entity, let line) = error else {
            Issue.record("expected entityExpansionRefused, got \(String(describing: error))")
            return
        }
        // Refused at the first declaration built from other entities, before any reference is read: libxml2
        // looks each declared entity up right after declaring it.
        #expect(entity == "lol1")
        #expect(line == 4)
        #expect(error?.description.contains("billion-laughs") == true)
    }

    @Test("flat expansion of a large entity is capped by the byte budget")
    func quadraticBlowup() throws {
        let bytes = try fixture("quadratic-blowup")
        let error = #expect(throws: MarkupError.self) { try parse(bytes, recover: false) }
        guard case .entityExpansionLimit(let limit, _) = error else {
            Issue.record("expected entityExpansionLimit, got \(String(describing: error))")
            return
        }
        #expect(limit == 1 << 20)
    }

    @Test("a declared plain-text entity expands within the budget")
    func declaredTextEntity() throws {
        let (outcome, collector) = try parse(try fixture("declared-text-entity"), recover: false)
        #expect(outcome.wellFormed)
        #expect(collector.text.contains("News from Corriere Example"))
    }

    @Test("nesting deeper than the limit is refused", arguments: [false, true])
    func deepNesting(recover: Bool) throws {
        let bytes = try fixture("deep-nesting")
        let error = #expect(throws: MarkupError.self) { try parse(bytes, recover: recover) }
        guard case .tooDeep(let limit, _) = error else {
            Issue.record("expected tooDeep, got \(String(describing: error))")
            return
        }
        #expect(limit == 200)
    }

    @Test("a document over the size limit is refused before parsing")
    func documentTooLarge() throws {
        let bytes = Array(repeating: UInt8(ascii: " "), count: 2048)
        #expect(throws: MarkupError.documentTooLarge(bytes: 2048, limit: 1024)) {
            try parse(bytes, recover: false, limits: MarkupLimits(maxDocumentBytes: 1024))
        }
    }

    @Test("HTML named entities without a DTD come out as their characters")
    func htmlEntities() throws {
        let (outcome, collector) = try parse(try fixture("html-entities"), recover: false)
        #expect(outcome.wellFormed)
        #expect(collector.text.contains("Caf\u{E9}\u{A0}Europa \u{2014} AT&T <b> \u{2019}quoted\u{2019} \u{2026}"))
        #expect(collector.text.contains("https://example.org/?a=1&b=2"))
    }

    @Test("after a well-formedness error the recovering pass still decodes entity references")
    func entitiesAfterError() throws {
        let bytes = try fixture("error-then-entities")
        let (strict, _) = try parse(bytes, recover: false)
        #expect(!strict.wellFormed)
        #expect(strict.errors.first?.line == 4)
        let (recovered, collector) = try parse(bytes, recover: true)
        #expect(!recovered.wellFormed)
        #expect(collector.text.contains("AT&T \u{2014} after the error"))
    }

    @Test("the parser leaves libxml2's process-wide defaults as they were")
    func processWideStateUntouched() throws {
        let before = ProcessWideState.read()
        _ = try parse(try fixture("external-entity", replacing: try Secrets().replacements), recover: true)
        _ = try parse(try fixture("html-entities"), recover: false)
        #expect(ProcessWideState.read() == before)
    }
}

/// A TCP socket on 127.0.0.1 that records whether anyone tried to connect.
final class LoopbackListener {
    let descriptor: Int32
    let port: UInt16

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        descriptor = fd
        port = UInt16(bigEndian: address.sin_port)
        try #require(bound == 0)
        try #require(listen(fd, 8) == 0)
        _ = fcntl(fd, F_SETFL, O_NONBLOCK)
    }

    deinit { close(descriptor) }

    func hasPendingConnection() -> Bool {
        let client = accept(descriptor, nil, nil)
        if client >= 0 {
            close(client)
            return true
        }
        return false
    }
}

/// The libxml2 settings that belong to the whole process; parsing must leave every one as it found it.
struct ProcessWideState: Equatable {
    var substituteEntities: Int32
    var loadExternalDTD: Int32
    var keepBlanks: Int32
    var lineNumbers: Int32
    var pedantic: Int32
    var entityLoader: UnsafeRawPointer?
    var structuredError: UnsafeRawPointer?
    var genericError: UnsafeRawPointer?
    var maxDepth: UInt32

    static func read() -> ProcessWideState {
        ProcessWideState(
            substituteEntities: __xmlSubstituteEntitiesDefaultValue().pointee,
            loadExternalDTD: __xmlLoadExtDtdDefaultValue().pointee,
            keepBlanks: __xmlKeepBlanksDefaultValue().pointee,
            lineNumbers: __xmlLineNumbersDefaultValue().pointee,
            pedantic: __xmlPedanticParserDefaultValue().pointee,
            entityLoader: unsafeBitCast(xmlGetExternalEntityLoader(), to: UnsafeRawPointer?.self),
            structuredError: unsafeBitCast(__xmlStructuredError().pointee, to: UnsafeRawPointer?.self),
            genericError: unsafeBitCast(__xmlGenericError().pointee, to: UnsafeRawPointer?.self),
            maxDepth: xmlParserMaxDepth
        )
    }
}
