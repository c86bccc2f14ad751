internal import CLibXML2

/// The strict parse's carved CDATA sections (``CDATASection``), and how far libxml2 has come through them.
struct CDATACarving {
    var sections: [CDATASection] = []
    /// How many markers libxml2 has handed back; the next one stands for `sections[delivered]`.
    var delivered = 0
    /// The line feeds of the sections delivered so far, which libxml2's line count lacks.
    var lineShift = 0
    /// The libxml2 line on which its columns are off after the last section delivered, and by how much.
    var columnFixLine = -1
    var columnFix = 0
    /// Set when libxml2 handed back something other than the marker due: the carving's reasoning failed.
    var lost = false

    var expectsMarker: Bool { delivered < sections.count }

    /// The column a libxml2 position would have had in the document as written.
    func column(_ column: Int, onLine line: Int) -> Int {
        line == columnFixLine ? column + columnFix : column
    }
}

extension XMLParseSession {
    /// Hands libxml2 the document with every carved section's content replaced by the marker, in slices of
    /// ``XMLStreamParser/chunkSize``.
    func feedCarved(_ document: UnsafeRawBufferPointer, to context: xmlParserCtxtPtr) {
        var pending: [UInt8] = []
        pending.reserveCapacity(XMLStreamParser.chunkSize)
        // False once the parse has stopped (a refusal, or the first error of a strict parse).
        func push(_ piece: UnsafeRawBufferPointer) -> Bool {
            var piece = piece
            while pending.count + piece.count >= XMLStreamParser.chunkSize {
                let taken = XMLStreamParser.chunkSize - pending.count
                pending.append(contentsOf: piece[..<taken])
                piece = UnsafeRawBufferPointer(rebasing: piece[taken...])
                guard parse(pending, last: false) else { return false }
                pending.removeAll(keepingCapacity: true)
            }
            pending.append(contentsOf: piece)
            return true
        }
        func parse(_ bytes: [UInt8], last: Bool) -> Bool {
            bytes.withUnsafeBytes { buffer in
                _ = xmlParseChunk(
                    context,
                    buffer.baseAddress?.assumingMemoryBound(to: CChar.self),
                    Int32(buffer.count),
                    last ? 1 : 0
                )
            }
            return refusal == nil && context.pointee.disableSAX == 0
        }
        var offset = 0
        for section in carving.sections {
            guard push(UnsafeRawBufferPointer(rebasing: document[offset..<section.content.lowerBound])) else { return }
            pending.append(CDATASections.marker)
            offset = section.content.upperBound
        }
        guard push(UnsafeRawBufferPointer(rebasing: document[offset...])) else { return }
        _ = parse(pending, last: true)
    }

    /// A CDATA block from libxml2 while markers are due: the marker of the next carved section, whose
    /// content goes to the handler in its place.
    func deliverCarvedSection(_ text: UnsafePointer<xmlChar>?, _ length: Int) {
        guard length == 1, text?.pointee == CDATASections.marker, let input = context?.pointee.input else {
            // Cannot happen while CDATASections reasons right; should it, the parse fails, and the document
            // is read again by the recovering parser, which carves nothing, so no text is lost or misplaced.
            record(
                MarkupDiagnostic(
                    message: "lost track of carved CDATA section \(carving.delivered + 1) of \(carving.sections.count)",
                    line: line,
                    column: 0
                ),
                asError: true
            )
            carving.lost = true
            if let context { xmlStopParser(context) }
            return
        }
        let section = carving.sections[carving.delivered]
        carving.delivered += 1
        // libxml2 is at the start of the content: its column is as the document's, give or take an earlier
        // section's fix; it will step over one byte where the document has the whole content.
        let rawLine = Int(input.pointee.line)
        let rawColumn = Int(input.pointee.col)
        let columnAfter =
            section.lineFeeds > 0
            ? 1 + section.bytesAfterLastLineFeed
            : carving.column(rawColumn, onLine: rawLine) + section.content.count
        carving.columnFixLine = rawLine
        carving.columnFix = columnAfter - (rawColumn + 1)
        carving.lineShift += section.lineFeeds
        guard !section.content.isEmpty, let base = document.baseAddress else { return }
        handler.characters(
            UnsafeBufferPointer(
                start: base.assumingMemoryBound(to: UInt8.self) + section.content.lowerBound,
                count: section.content.count
            )
        )
    }
}

/// Takes a parse's content and does nothing with it: for a parse run for its diagnostics alone.
final class IgnoringHandler: XMLContentHandler {
    func startElement(_ name: XMLName, attributes: [XMLAttribute], line: Int) {}
    func endElement(_ name: XMLName) {}
    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
}
