internal import Crypto
internal import FeedCore
public import FeedFetch
public import FeedStore
public import Foundation

/// One poll of one source, up to the point of committing: fetch (or read the path) → unchanged? → parse →
/// full text → a ``PollDraft``. It never throws: every failure is in the draft, worded for the log.
public struct SourcePoller: Sendable {
    /// The shared HTTP client.
    public let fetcher: Fetcher
    /// The store, read for validators already known (full text) and the extraction baseline.
    public let store: FeedStore
    /// Daemon-wide settings (limits, full-text concurrency).
    public let daemon: DaemonConfig

    /// Creates a poller.
    public init(fetcher: Fetcher, store: FeedStore, daemon: DaemonConfig) {
        self.fetcher = fetcher
        self.store = store
        self.daemon = daemon
    }

    /// Polls `source` at `address` (its URL, or where it moved), sending the stored validators.
    public func poll(
        _ source: SourceConfig,
        address: String,
        state: SourceState?,
        now: Date = Date()
    ) async -> PollDraft {
        let clock = ContinuousClock()
        let start = clock.now
        var draft = PollDraft(source: source.name, address: address, startedAt: now, fetch: FetchOutcome(status: nil))
        let reader = DocumentReader(kind: source.kind, timeZone: TimeZone(identifier: source.timeZone) ?? .gmt)
        var contents: DocumentContents?
        switch source.location {
        case .url:
            contents = await fetchURL(source, address: address, state: state, reader: reader, into: &draft)
        case .path(let path):
            contents = await readPath(path, state: state, reader: reader, into: &draft)
        }
        if var contents {
            if source.fullText, !contents.extracted {
                await fetchFullText(source, reader: reader, contents: &contents, into: &draft)
            } else if contents.extracted {
                draft.readAsPage = true
                draft.extractorVersion = ArticleExtractor.version
                draft.extractedLengths = contents.items.map { $0.contentText?.count ?? 0 }
            }
            draft.items = contents.items
            draft.hints = contents.hints
            draft.warnings += contents.warnings
        }
        draft.fetch.duration = clock.now - start
        return draft
    }

    private func fetchURL(
        _ source: SourceConfig,
        address: String,
        state: SourceState?,
        reader: DocumentReader,
        into draft: inout PollDraft
    ) async -> DocumentContents? {
        let validators = SourceSlot.validators(of: state, for: address)
        let request = FetchRequest(
            url: address,
            etag: validators.etag,
            lastModified: validators.lastModified,
            headers: source.headers.map { HTTPHeader(name: $0.name, value: $0.value) },
            origin: .configured
        )
        let response: FetchResponse
        do {
            response = try await fetcher.fetch(request)
        } catch let error as FetchError {
            draft.fetch.error = error.description
            return nil
        } catch {
            draft.fetch.error = "\(address): \(error)"
            return nil
        }
        draft.fetch.status = response.status
        draft.fetch.bytes = response.wireBytes
        draft.fetch.etag = response.etag
        draft.fetch.lastModified = response.lastModified
        draft.redirects = response.redirectStatuses
        draft.finalURL = response.finalURL
        if response.movedPermanently { draft.permanentRedirect = response.finalURL }
        if let retryAfter = response.retryAfter {
            draft.retryAfter = .seconds(max(0, retryAfter.delay(from: Date())))
        }
        switch response.outcome {
        case .notModified:
            draft.unchanged = true
            return nil
        case .httpError:
            return nil
        case .content:
            break
        }
        let hash = Self.sha256(response.body)
        draft.fetch.bodyHash = hash
        if hash == state?.bodyHash {
            draft.unchanged = true
            return nil
        }
        let body = response.body
        let finalURL = response.finalURL
        let charset = response.charset
        do {
            return try await OffPool.parse { () throws(DocumentError) -> DocumentContents in
                try reader.read(body, url: finalURL, charset: charset)
            }
        } catch {
            draft.fetch.error = "\(address): \(error)"
            return nil
        }
    }

    /// A file is one document; a directory is a spool whose regular files are each one document (sorted by
    /// name, hidden files and files still being written — `*.tmp`, `*.part` — skipped).
    private func readPath(
        _ path: String,
        state: SourceState?,
        reader: DocumentReader,
        into draft: inout PollDraft
    ) async -> DocumentContents? {
        let result = await OffPool.io { () -> Result<SpoolSnapshot, DocumentError> in
            do throws(DocumentError) {
                return .success(try SpoolSnapshot.read(path))
            } catch {
                return .failure(error)
            }
        }
        let snapshot: SpoolSnapshot
        switch result {
        case .success(let value): snapshot = value
        case .failure(let error):
            draft.fetch.error = "\(path): \(error)"
            return nil
        }
        // A path that was read is the local equivalent of a 200.
        draft.fetch.status = 200
        draft.fetch.bytes = snapshot.files.reduce(0) { $0 + $1.bytes.count }
        draft.fetch.bodyHash = snapshot.hash
        if snapshot.hash == state?.bodyHash {
            draft.unchanged = true
            return nil
        }
        let files = snapshot.files
        return await OffPool.parse {
            var contents = DocumentContents()
            var failures: [String] = []
            for file in files {
                do throws(DocumentError) {
                    let one = try reader.read(
                        file.bytes,
                        url: URL(fileURLWithPath: file.path).absoluteString,
                        charset: nil
                    )
                    contents.items += one.items
                    contents.hints = contents.hints ?? one.hints
                    contents.extracted = contents.extracted || one.extracted
                    contents.warnings += one.warnings.map { "\(file.path): \($0)" }
                } catch {
                    failures.append("\(file.path): \(error)")
                }
            }
            // One unreadable file in a spool must not hide the others; it is a warning, not a failed poll.
            contents.warnings += failures
            return contents
        }
    }

    /// Replaces each new or changed entry's text by its page's article, fetching at most
    /// `full_text_concurrency` pages at once. Links come from the feed, so they are fetched as untrusted.
    private func fetchFullText(
        _ source: SourceConfig,
        reader: DocumentReader,
        contents: inout DocumentContents,
        into draft: inout PollDraft
    ) async {
        let store = self.store
        let name = source.name
        let identities = contents.items.map { (identity: $0.identity, link: $0.link) }
        let known = await OffPool.io { (try? store.fetchedFeedVersions(source: name, identities: identities)) ?? [] }
        var pending: [(index: Int, item: Item)] = []
        var kept: [Item?] = contents.items.map { Optional($0) }
        for (index, item) in contents.items.enumerated() {
            if known.contains(item.contentHash) {
                kept[index] = nil
                draft.unchangedEntries += 1
            } else if item.link != nil {
                pending.append((index, item))
            }
        }
        let limit = max(1, daemon.fullTextConcurrency)
        let fetcher = self.fetcher
        let allowPrivate = source.allowPrivateAddresses
        let maxBytes = daemon.maxBodySize
        await withTaskGroup(of: (Int, Result<Article, DocumentError>).self) { group in
            var next = 0
            func startNext() {
                guard next < pending.count else { return }
                let (index, item) = pending[next]
                next += 1
                group.addTask {
                    (
                        index,
                        await Self.article(
                            for: item,
                            fetcher: fetcher,
                            reader: reader,
                            allowPrivate: allowPrivate,
                            maxBytes: maxBytes
                        )
                    )
                }
            }
            for _ in 0..<limit { startNext() }
            while let (index, result) = await group.next() {
                startNext()
                guard let item = kept[index] else { continue }
                switch result {
                case .success(let article):
                    kept[index] = article.replacingText(of: item)
                    draft.feedHashes[item.identity] = item.contentHash
                    draft.extractedLengths.append(article.paragraphs.reduce(0) { $0 + $1.count })
                case .failure(let error):
                    // The entry is stored with the feed's text; with no feed hash recorded, the next poll tries
                    // the page again.
                    draft.warnings.append("full text of \(item.link ?? item.identity): \(error)")
                    draft.extractedLengths.append(0)
                }
            }
        }
        contents.items = kept.compactMap { $0 }
        draft.extractorVersion = ArticleExtractor.version
    }

    private static func article(
        for item: Item,
        fetcher: Fetcher,
        reader: DocumentReader,
        allowPrivate: Bool,
        maxBytes: Int
    ) async -> Result<Article, DocumentError> {
        guard let link = item.link else { return .failure(DocumentError(description: "no link")) }
        let response: FetchResponse
        do {
            response = try await fetcher.fetch(
                FetchRequest(
                    url: link,
                    origin: .untrusted,
                    allowsPrivateAddresses: allowPrivate,
                    maxBodyBytes: maxBytes
                )
            )
        } catch {
            return .failure(DocumentError(description: "\(error)"))
        }
        guard response.outcome == .content else {
            return .failure(DocumentError(description: "HTTP \(response.status)"))
        }
        let body = response.body
        let charset = response.charset
        let url = response.finalURL
        return await OffPool.parse { () -> Result<Article, DocumentError> in
            do throws(DocumentError) {
                guard let article = try reader.extract(body, url: url, charset: charset) else {
                    return .failure(DocumentError(description: "no article found in the page"))
                }
                return .success(article)
            } catch {
                return .failure(error)
            }
        }
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
