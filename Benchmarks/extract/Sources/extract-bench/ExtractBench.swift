// extract-bench LIST OUTDIR [--runs N] [--timezone ZONE]
//
// LIST has one page a line: NAME<TAB>PATH[<TAB>URL], the URL being where the page was fetched from
// (`feedwatch extract --url`). Every page is read into memory first; then each is extracted the
// way `feedwatch extract` does it (HTML or plain text told from the bytes, ArticleExtractor or
// PlainTextArticleReader, then ArticleJSON), one page after another on one thread, `--runs` times. The
// article JSON (what `feedwatch extract` prints) goes to OUTDIR/NAME.json; a page with no article gets
// OUTDIR/NAME.err with the reason. Standard output gets one line per page, NAME<TAB>SECONDS<TAB>STATUS<TAB>
// LOCALDAY: the best time over the runs, "ok" or "none", and the published day as the page wrote it
// (its stated offset applied; empty when there is no date).
import FeedCore
import Foundation

@main
struct ExtractBench {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var runs = 1
        var zone = TimeZone(identifier: "UTC")!
        if let at = arguments.firstIndex(of: "--runs") {
            runs = max(1, Int(arguments[at + 1]) ?? 1)
            arguments.removeSubrange(at...(at + 1))
        }
        if let at = arguments.firstIndex(of: "--timezone") {
            zone = TimeZone(identifier: arguments[at + 1]) ?? zone
            arguments.removeSubrange(at...(at + 1))
        }
        guard arguments.count == 2 else {
            FileHandle.standardError.write(Data("usage: extract-bench LIST OUTDIR [--runs N] [--timezone ZONE]\n".utf8))
            exit(64)
        }
        let list = try String(contentsOfFile: arguments[0], encoding: .utf8)
        let outDirectory = URL(fileURLWithPath: arguments[1])
        var pages: [(name: String, bytes: [UInt8], url: URL?)] = []
        for line in list.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2 else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: String(fields[1])))
            let url = fields.count > 2 && !fields[2].isEmpty ? URL(string: String(fields[2])) : nil
            pages.append((String(fields[0]), Array(data), url))
        }
        let extractor = ArticleExtractor(timeZone: zone)
        var best = [Double](repeating: .infinity, count: pages.count)
        var results: [Result<Article, ArticleExtractionError>] = []
        let clock = ContinuousClock()
        for run in 0..<runs {
            for (index, page) in pages.enumerated() {
                var result: Result<Article, ArticleExtractionError>!
                var json: [UInt8] = []
                let elapsed = clock.measure {
                    result = Result { () throws(ArticleExtractionError) in
                        try extractor.extract(document: page.bytes, url: page.url)
                    }
                    if case .success(let article) = result { json = ArticleJSON.encode(article) }
                }
                best[index] = min(best[index], seconds(elapsed))
                if run == 0 {
                    results.append(result)
                    let out = outDirectory.appendingPathComponent(page.name + (json.isEmpty ? ".err" : ".json"))
                    let bytes: [UInt8]
                    if case .failure(let error) = result { bytes = Array(error.description.utf8) } else { bytes = json }
                    try Data(bytes).write(to: out)
                }
            }
        }
        var report = ""
        for (index, page) in pages.enumerated() {
            var status = "none"
            var day = ""
            if case .success(let article) = results[index] {
                status = "ok"
                day = article.published.map { localDay($0, assumed: zone) } ?? ""
            }
            report += "\(page.name)\t\(best[index])\t\(status)\t\(day)\n"
        }
        FileHandle.standardOutput.write(Data(report.utf8))
    }

    /// The calendar day of a date where it was written: its stated offset, else the assumed zone.
    static func localDay(_ date: FeedDate, assumed zone: TimeZone) -> String {
        let offset = date.statedOffset ?? zone.secondsFromGMT(for: date.instant)
        let shifted = date.instant.addingTimeInterval(Double(offset))
        return String(ISO8601.string(shifted).prefix(10))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
