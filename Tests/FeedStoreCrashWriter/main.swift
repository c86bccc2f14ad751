// The writer half of FeedStoreTests' crash test: ingests deterministic polls into the store at
// argv[1] forever, acknowledging each committed poll on stdout ("ack N"), until it is killed.
// It resumes after the last poll the store holds, so a restart redoes nothing and skips nothing.
// With a second argument BYTES, files it writes may not grow past BYTES (RLIMIT_FSIZE, as a full
// disk would stop them): it then writes until the store refuses, prints "error: …" and exits 2.
import FeedCore
import FeedStore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Poll `number`'s items: a sliding window of 20 stories over 3 sources, each story's text changing every
/// 7 polls, so polls mix new stories, revisions and duplicates.
func crashTestPoll(_ number: Int) -> PollResult {
    let source = "source-\(number % 3)"
    let items = (0..<20).map { offset -> Item in
        let story = number / 3 * 4 + offset
        let text =
            "Story \(story) of \(source), version \((number / 3) / 7 + story % 5): "
            + String(repeating: "words of the story \(story) ", count: 20)
        let title = "Story \(story)"
        var item = Item(
            identity: ItemIdentity.key(guid: "\(source)-\(story)", link: nil, title: title, published: nil),
            contentHash: ContentHash.of(title: title, text: text)
        )
        item.guid = "\(source)-\(story)"
        item.title = title
        item.link = "https://\(source).example.org/\(story)"
        item.contentText = text
        return item
    }
    return PollResult(
        sourceName: source,
        sourceURL: "https://\(source).example.org/feed",
        fetch: FetchOutcome(status: 200, bodyHash: "poll-\(number)", bytes: 20_000, duration: .milliseconds(5)),
        items: items,
        fetchedAt: Date(timeIntervalSince1970: 1_700_000_000 + Double(number))
    )
}

let arguments = CommandLine.arguments
guard arguments.count == 2 || arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: feedstore-crash-writer STORE [FILE-SIZE-LIMIT-BYTES]\n".utf8))
    exit(64)
}
do {
    let store = try FeedStore(path: arguments[1])
    if arguments.count == 3, let limit = rlim_t(arguments[2]) {
        // Past the limit write(2) fails with EFBIG instead of the process getting SIGXFSZ.
        signal(SIGXFSZ, SIG_IGN)
        var bounds = rlimit(rlim_cur: limit, rlim_max: limit)
        #if canImport(Glibc)
        setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &bounds)
        #else
        setrlimit(RLIMIT_FSIZE, &bounds)
        #endif
    }
    var number = try store.sourceStates().compactMap { $0.bodyHash }.compactMap { Int($0.dropFirst(5)) }.max() ?? 0
    while true {
        number += 1
        _ = try store.ingest(crashTestPoll(number))
        let ack = Array("ack \(number)\n".utf8)
        // write(2) straight away: the parent must see every acknowledgement that was made before the kill.
        _ = ack.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    }
} catch  where arguments.count == 3 {
    print("error: \(error)")
    exit(2)
} catch {
    FileHandle.standardError.write(Data("feedstore-crash-writer: \(error)\n".utf8))
    exit(1)
}
