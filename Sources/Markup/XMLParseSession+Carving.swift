internal import CLibXML2

/// The strict parse's carved runs (``CarvedRun``), and how far libxml2 has come through them.
struct Carving {
    var runs: [CarvedRun] = []
    /// Where carved text is decoded before it is handed over, kept from run to run.
    var decoded: [UInt8] = []
    /// How many markers libxml2 has handed back; the next one stands for `runs[delivered]`.
    var delivered = 0
    /// The line feeds of the runs delivered so far, which libxml2's line count lacks.
    var lineShift = 0
    /// The libxml2 line on which its columns are off after the last run delivered, and by how much.
    var columnFixLine = -1
    var columnFix = 0
    /// Set when libxml2 handed back something other than the marker due: the carving's reasoning failed.
    var lost = false

    var expectsMarker: Bool { delivered < runs.count }

    /// The column a libxml2 position would have had in the document as written.
    func column(_ column: Int, onLine line: Int) -> Int {
        line == columnFixLine ? column + columnFix : column
    }
}

extension XMLParseSession {
    /// Hands libxml2 the document with every carved run replaced by the marker, in slices of
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
        for run in carving.runs {
            guard push(UnsafeRawBufferPointer(rebasing: document[offset..<run.content.lowerBound])) else { return }
            switch run.kind {
            case .cdata: pending.append(CarvedRuns.marker)
            case .text: pending.append(contentsOf: CarvedRuns.textReplacement)
            }
            offset = run.content.upperBound
        }
        guard push(UnsafeRawBufferPointer(rebasing: document[offset...])) else { return }
        _ = parse(pending, last: true)
    }

    /// A CDATA block from libxml2 while markers are due: the marker of the next carved run, whose content
    /// goes to the handler in its place.
    func deliverCarvedRun(_ text: UnsafePointer<xmlChar>?, _ length: Int) {
        guard length == 1, text?.pointee == CarvedRuns.marker, let input = context?.pointee.input,
            let base = document.baseAddress?.assumingMemoryBound(to: UInt8.self)
        else {
            // Cannot happen while CarvedRuns reasons right; should it, the parse fails, and the document is
            // read again by the recovering parser, which carves nothing, so no text is lost or misplaced.
            record(
                MarkupDiagnostic(
                    message: "lost track of carved run \(carving.delivered + 1) of \(carving.runs.count)",
                    line: line,
                    column: 0
                ),
                asError: true
            )
            carving.lost = true
            if let context { xmlStopParser(context) }
            return
        }
        let run = carving.runs[carving.delivered]
        carving.delivered += 1
        // libxml2 is at the marker: before it, `<![CDATA[` that the document has too (a section) or that
        // stands where the run began (text); after it, `]]>` that the document has too, or that ends the
        // run's stand-in. Its column is as the document's, give or take an earlier run's fix.
        let rawLine = Int(input.pointee.line)
        let rawColumn = Int(input.pointee.col)
        let (before, after) = run.kind == .cdata ? (0, 1) : (9, 4)
        let columnAfter =
            run.lineFeeds > 0
            ? 1 + run.widthAfterLastLineFeed
            : carving.column(rawColumn - before, onLine: rawLine) + run.width
        carving.columnFixLine = rawLine
        carving.columnFix = columnAfter - (rawColumn + after)
        carving.lineShift += run.lineFeeds
        guard !run.content.isEmpty else { return }
        guard run.needsDecoding else {
            handler.characters(UnsafeBufferPointer(start: base + run.content.lowerBound, count: run.content.count))
            return
        }
        carving.decoded.removeAll(keepingCapacity: true)
        TextReference.decode(base, run.content.lowerBound, run.content.upperBound, into: &carving.decoded)
        carving.decoded.withUnsafeBufferPointer { handler.characters($0) }
    }
}

/// Takes a parse's content and does nothing with it: for a parse run for its diagnostics alone.
final class IgnoringHandler: XMLContentHandler {
    func startElement(_ name: XMLName, attributes: [XMLAttribute], line: Int) {}
    func endElement(_ name: XMLName) {}
    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
}
