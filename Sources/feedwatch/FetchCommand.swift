import ArgumentParser
import FeedFetch
import Foundation

/// `feedwatch fetch`: one URL through the fetcher, showing what it saw, for operators debugging a source.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch one URL as the daemon would and show what came back.",
        discussion: """
            Prints the status, final URL and redirects, sizes (decoded and on the wire), content type and
            charset, the validators to send next time, Retry-After, and timings, on stderr. With --body the
            decoded body goes to stdout, so `feedwatch fetch URL --body | feedwatch parse -` works.

            Pass the validators from the last poll (--etag, --last-modified) to see whether the server
            answers 304 Not Modified.

            With several URLs (arguments or --url-file), they are fetched at once, --parallel at a time and
            --per-host per host, and one line per URL plus a total is printed (--summary-only: the total).

            Exit status: 0 for a 2xx or 304; 3 for any other HTTP status; 1 when the fetch failed (the
            message says why); 64 for bad arguments.
            """
    )

    @Argument(help: "The http or https URL(s) to fetch.")
    var urls: [String] = []

    @Option(name: .customLong("url-file"), help: "A file with more URLs to fetch, one per line.")
    var urlFile: String?

    @Option(help: "Transfers at once when fetching several URLs.")
    var parallel = 32

    @Option(name: .customLong("per-host"), help: "Transfers at once against one host.")
    var perHost = 6

    @Flag(name: .customLong("summary-only"), help: "With several URLs, print only the total (for benchmarks).")
    var summaryOnly = false

    @Option(help: "Send this ETag as If-None-Match.")
    var etag: String?

    @Option(name: .customLong("last-modified"), help: "Send this date as If-Modified-Since (HTTP-date, verbatim).")
    var lastModified: String?

    @Option(name: .customLong("header"), help: "An extra request header, 'Name: value' (repeatable).")
    var headers: [String] = []

    @Flag(help: "Treat the URL as found inside a feed: refuse loopback and private addresses.")
    var untrusted = false

    @Option(help: "Total time limit in seconds.")
    var timeout: Double = 60

    @Option(name: .customLong("max-bytes"), help: "Body-size limit in decoded bytes.")
    var maxBytes: Int = 16 << 20

    @Option(name: .customLong("user-agent"), help: "The User-Agent to send.")
    var userAgent: String?

    @Flag(help: "Write the decoded body to stdout.")
    var body = false

    @Flag(name: .shortAndLong, help: "Also print every response header.")
    var verbose = false

    func validate() throws {
        guard !urls.isEmpty || urlFile != nil else { throw ValidationError("give a URL to fetch, or --url-file") }
        guard parallel > 0, perHost > 0 else { throw ValidationError("--parallel and --per-host must be positive") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        guard maxBytes > 0 else { throw ValidationError("--max-bytes must be positive") }
        for header in headers where !header.contains(":") {
            throw ValidationError("--header '\(header)' is not 'Name: value'")
        }
    }

    func run() async throws {
        var all = urls
        if let urlFile {
            guard let text = try? String(contentsOfFile: urlFile, encoding: .utf8) else {
                CommandIO.printError("\(urlFile): cannot read")
                throw ExitCode(66)
            }
            // Byte-level: Foundation's trimming costs more than the fetches themselves on a long list.
            for line in text.utf8.split(separator: UInt8(ascii: "\n")) {
                let url = line.drop { $0 == 0x20 || $0 == 0x09 }.prefix { $0 != 0x20 && $0 != 0x09 && $0 != 0x0d }
                if !url.isEmpty { all.append(String(decoding: url, as: UTF8.self)) }
            }
        }
        var configuration = FetcherConfiguration()
        configuration.totalTimeout = .milliseconds(Int64(timeout * 1000))
        configuration.maxBodyBytes = maxBytes
        configuration.maxConcurrentTransfers = parallel
        configuration.maxTransfersPerHost = perHost
        if let userAgent { configuration.userAgent = userAgent }
        let fetcher = Fetcher(configuration: configuration)
        if all.count == 1 && urlFile == nil {
            try await fetchOne(all[0], fetcher)
        } else {
            try await fetchMany(all, fetcher)
        }
    }

    private func request(_ url: String) -> FetchRequest {
        FetchRequest(
            url: url,
            etag: etag,
            lastModified: lastModified,
            headers: headers.map { line in
                let colon = line.firstIndex(of: ":")!
                return HTTPHeader(
                    name: line[..<colon].trimmingCharacters(in: .whitespaces),
                    value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                )
            },
            origin: untrusted ? .untrusted : .configured
        )
    }

    private func fetchOne(_ url: String, _ fetcher: Fetcher) async throws {
        let response: FetchResponse
        do {
            response = try await fetcher.fetch(request(url))
        } catch {
            await fetcher.shutdown()
            CommandIO.printError("\(error)")
            throw ExitCode.failure
        }
        await fetcher.shutdown()
        let report = Self.report(response, verbose: verbose).map { $0 + "\n" }.joined()
        FileHandle.standardError.write(Data(report.utf8))
        if body { FileHandle.standardOutput.write(Data(response.body)) }
        if response.outcome == .httpError { throw ExitCode(3) }
    }

    private func fetchMany(_ urls: [String], _ fetcher: Fetcher) async throws {
        let start = ContinuousClock.now
        let requests = urls.map(request)
        var ok = 0
        var httpErrors = 0
        var failures = 0
        var decoded = 0
        var wire = 0
        // All are submitted at once: the fetcher queues them and runs --parallel at a time.
        await withTaskGroup(of: (String, Result<FetchResponse, any Error>).self) { group in
            for request in requests {
                group.addTask { (request.url, await Result(catching: { try await fetcher.fetch(request) })) }
            }
            for await (url, result) in group {
                switch result {
                case .success(let response):
                    if response.outcome == .httpError { httpErrors += 1 } else { ok += 1 }
                    decoded += response.decodedBytes
                    wire += response.wireBytes
                    if !summaryOnly {
                        CommandIO.printError(
                            "\(response.status) \(response.decodedBytes) B \(Self.ms(response.timings.total)) \(url)"
                        )
                    }
                case .failure(let error):
                    failures += 1
                    CommandIO.printError("\(error)")
                }
            }
        }
        await fetcher.shutdown()
        let seconds = (ContinuousClock.now - start).secondsValue
        CommandIO.printError(
            "\(urls.count) URLs: \(ok) ok, \(httpErrors) HTTP errors, \(failures) failed; \(decoded) bytes decoded, "
                + "\(wire) on the wire; \(String(format: "%.2f", seconds)) s, \(String(format: "%.0f", Double(urls.count) / seconds)) requests/s"
        )
        if failures > 0 { throw ExitCode.failure }
        if httpErrors > 0 { throw ExitCode(3) }
    }

    static func report(_ response: FetchResponse, verbose: Bool) -> [String] {
        var lines = [
            "status       \(response.status) (HTTP/\(response.httpVersion))\(response.outcome == .notModified ? ", not modified" : "")"
        ]
        lines.append("final URL    \(response.finalURL)")
        if !response.redirectStatuses.isEmpty {
            let hops = response.redirectStatuses.map(String.init).joined(separator: " → ")
            let verdict =
                response.movedPermanently ? "all permanent: the source may move to the final URL" : "not all permanent"
            lines.append("redirects    \(hops) (\(verdict))")
        }
        lines.append("size         \(response.decodedBytes) bytes decoded, \(response.wireBytes) bytes on the wire")
        if let type = response.contentType {
            lines.append("content type \(type)\(response.charset.map { " (charset \($0))" } ?? "")")
        }
        lines.append("etag         \(response.etag ?? "none")")
        lines.append("last-modif.  \(response.lastModified ?? "none")")
        if let retryAfter = response.retryAfter {
            switch retryAfter {
            case .seconds(let seconds): lines.append("retry-after  \(seconds) s")
            case .date(let date): lines.append("retry-after  \(date) (in \(Int(retryAfter.delay(from: Date()))) s)")
            }
        }
        let t = response.timings
        lines.append(
            "timings      dns \(ms(t.dns)), connect \(ms(t.connect)), tls \(ms(t.tls)), first byte \(ms(t.firstByte)), "
                + "total \(ms(t.total))\(t.redirects > .zero ? ", redirects \(ms(t.redirects))" : "")"
        )
        if verbose {
            lines.append("headers")
            lines += response.headers.map { "  \($0)" }
        }
        return lines
    }

    static func ms(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let millis = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return millis < 10 ? String(format: "%.1f ms", millis) : "\(Int(millis.rounded())) ms"
    }
}

extension Duration {
    var secondsValue: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
