internal import CLibXML2
internal import Foundation

/// The C callbacks libxml2 calls during a parse; each one recovers its `XMLParseSession` from `userData`.
extension XMLParseSession {
    static func session(_ userData: UnsafeMutableRawPointer?) -> XMLParseSession? {
        guard let userData else { return nil }
        return Unmanaged<XMLParseSession>.fromOpaque(userData).takeUnretainedValue()
    }

    /// Runs `body` on the session behind `userData` without retaining it: the session is alive for as long
    /// as libxml2 can call back (it owns the context), and the callbacks run many times per document.
    @inline(__always)
    static func withSession(_ userData: UnsafeMutableRawPointer?, _ body: (XMLParseSession) -> Void) {
        guard let userData else { return }
        Unmanaged<XMLParseSession>.fromOpaque(userData)._withUnsafeGuaranteedRef(body)
    }

    static func makeHandler() -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(truncatingIfNeeded: XML_SAX2_MAGIC)
        sax.startElementNs = { userData, localName, prefix, uri, _, _, attributeCount, _, attributes in
            XMLParseSession.withSession(userData) {
                $0.startElement(localName, prefix, uri, Int(attributeCount), attributes)
            }
        }
        sax.endElementNs = { userData, localName, prefix, uri in
            XMLParseSession.withSession(userData) { session in
                session.depth -= 1
                session.keepReadingEntities()
                session.handler.endElement(session.name(localName: localName, prefix: prefix, uri: uri))
            }
        }
        sax.characters = { userData, text, length in
            guard let text, length > 0 else { return }
            XMLParseSession.withSession(userData) { session in
                session.keepReadingEntities()
                session.handler.characters(UnsafeBufferPointer(start: text, count: Int(length)))
            }
        }
        sax.ignorableWhitespace = sax.characters
        sax.cdataBlock = { userData, text, length in
            XMLParseSession.withSession(userData) { session in
                if session.carving.expectsMarker {
                    session.deliverCarvedRun(text, Int(length))
                } else if let text, length > 0 {
                    session.keepReadingEntities()
                    session.handler.characters(UnsafeBufferPointer(start: text, count: Int(length)))
                }
            }
        }
        sax.getEntity = { userData, name in
            guard let session = XMLParseSession.session(userData), let name else { return nil }
            return session.resolveEntity(String(cString: name))
        }
        sax.entityDecl = { userData, name, type, _, systemID, content in
            guard let session = XMLParseSession.session(userData), let name else { return }
            let external =
                type == Int32(XML_EXTERNAL_GENERAL_PARSED_ENTITY.rawValue)
                || type == Int32(XML_EXTERNAL_GENERAL_UNPARSED_ENTITY.rawValue)
            session.entities.declare(
                name: String(cString: name),
                value: content.map { Array(UnsafeBufferPointer(start: $0, count: Int(xmlStrlen($0)))) },
                systemID: external ? (systemID.map { String(cString: $0) } ?? "") : nil
            )
        }
        sax.reference = { userData, name in
            guard let session = XMLParseSession.session(userData), let name else { return }
            session.record(
                MarkupDiagnostic(
                    message: "undefined entity &\(String(cString: name)); dropped",
                    line: session.line,
                    column: 0
                ),
                asError: false
            )
        }
        sax.serror = { userData, error in
            guard let session = XMLParseSession.session(userData), let error else { return }
            session.libxmlReported(error.pointee)
        }
        // Left nil on purpose: externalSubset, resolveEntity and getParameterEntity, so no DTD or
        // external entity is ever fetched or expanded, whatever the document declares.
        return sax
    }

    func startElement(
        _ localName: UnsafePointer<xmlChar>?,
        _ prefix: UnsafePointer<xmlChar>?,
        _ uri: UnsafePointer<xmlChar>?,
        _ attributeCount: Int,
        _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        depth += 1
        if depth > limits.maxDepth {
            refuse(.tooDeep(limit: limits.maxDepth, line: line))
            return
        }
        keepReadingEntities()
        var decoded: [XMLAttribute] = []
        if attributeCount > 0, let attributes {
            decoded.reserveCapacity(attributeCount)
            // libxml2 passes five pointers per attribute: localname, prefix, URI, value start, value end.
            for index in 0..<attributeCount {
                let base = attributes + index * 5
                guard let start = base[3], let end = base[4] else { continue }
                let value = Self.attributeValue(UnsafeBufferPointer(start: start, count: end - start))
                decoded.append(
                    XMLAttribute(name: name(localName: base[0], prefix: base[1], uri: base[2]), value: value)
                )
            }
        }
        handler.startElement(name(localName: localName, prefix: prefix, uri: uri), attributes: decoded, line: line)
    }

    /// Without entity substitution libxml2 hands `&amp;` in an attribute back as the text `&#38;`
    /// (xmlParseAttValueComplex), so that one sequence is decoded here; every other reference is already text.
    static func attributeValue(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let value = String(utf8Repairing: bytes)
        guard bytes.contains(UInt8(ascii: "&")) else { return value }
        return value.replacingOccurrences(of: "&#38;", with: "&")
    }

    func resolveEntity(_ name: String) -> xmlEntityPtr? {
        do {
            if let record = try entities.resolve(name) { return record }
        } catch {
            switch error {
            case .nested(let entity): refuse(.entityExpansionRefused(entity: entity, line: line))
            case .budgetExceeded: refuse(.entityExpansionLimit(limit: limits.maxEntityExpansionBytes, line: line))
            }
            return nil
        }
        if let systemID = entities.externalSystemID(name) {
            record(
                MarkupDiagnostic(
                    message: "external entity '\(name)' (\(systemID)) was not loaded",
                    line: line,
                    column: 0
                ),
                asError: false
            )
        }
        return nil
    }

    func libxmlReported(_ error: xmlError) {
        let message =
            error.message.map { String(cString: $0) }?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "libxml2 error \(error.code)"
        // Where the document has it: libxml2 counted no line feed or column in the carved content.
        let diagnostic = MarkupDiagnostic(
            message: message,
            line: Int(error.line) + carving.lineShift,
            column: carving.column(Int(error.int2), onLine: Int(error.line))
        )
        record(diagnostic, asError: error.level.rawValue >= XML_ERR_ERROR.rawValue)
    }
}
