internal import CCurl
import Foundation
import Synchronization

/// libcurl's global state, set up once before the first handle (curl_global_init is not thread-safe in 7.88,
/// and a Swift global is initialised exactly once, on first use).
private let curlGlobalInit: CURLcode = curl_global_init(feedwatch_global_default)

/// Fetches URLs over HTTP(S) with libcurl's multi interface, many at once, on one dedicated thread.
///
/// The thread never runs Swift's cooperative pool code and the pool never blocks on libcurl: callers
/// suspend in `fetch` until the thread resumes them.
public final class Fetcher: Sendable {
    /// The limits every transfer of this fetcher shares.
    public let configuration: FetcherConfiguration
    private let inbox = TransferInbox()
    private let nextID = Atomic<UInt64>(0)

    /// Starts the transfer thread.
    public init(configuration: FetcherConfiguration = FetcherConfiguration()) {
        _ = curlGlobalInit
        self.configuration = configuration
        let thread = Thread { [inbox] in
            // Named for `top -H` and perf: set from inside, where Foundation passes it on to the kernel.
            Thread.current.name = "feedwatch-fetch"
            TransferLoop.run(inbox: inbox, configuration: configuration)
        }
        thread.start()
    }

    deinit {
        // Nobody can call fetch any more; the thread frees its handles and exits on its own.
        inbox.shutdown(cancelInFlight: true)
    }

    /// Fetches `request`, following redirects; throws `FetchError`, or `CancellationError` when the task is
    /// cancelled (which aborts the transfer at once). HTTP error statuses are responses, not errors.
    public func fetch(_ request: FetchRequest) async throws -> FetchResponse {
        let target = try TransferTarget(validating: request)
        let id = nextID.wrappingAdd(1, ordering: .relaxed).newValue
        let ticket = TransferTicket()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let job = TransferJob(
                    id: id,
                    request: request,
                    target: target,
                    ticket: ticket,
                    continuation: continuation
                )
                if !inbox.submit(job) {
                    continuation.resume(throwing: FetchError(url: request.url, reason: .shutDown))
                }
            }
        } onCancel: {
            ticket.cancel()
            inbox.cancel(id: id)
        }
    }

    /// Stops accepting transfers, lets the running ones finish (or aborts them), and returns when every
    /// libcurl handle has been freed and the thread has exited.
    public func shutdown(cancellingInFlight: Bool = false) async {
        inbox.shutdown(cancelInFlight: cancellingInFlight)
        await inbox.waitForExit()
    }

    /// The linked libcurl's version and the content encodings it decodes, e.g. "libcurl 7.88.1 (gzip, br, zstd)".
    public static var libcurlDescription: String {
        let info = curl_version_info(feedwatch_version_now).pointee
        var encodings: [String] = []
        if info.features & CURL_VERSION_LIBZ != 0 { encodings += ["deflate", "gzip"] }
        if info.features & CURL_VERSION_BROTLI != 0 { encodings.append("br") }
        if info.features & CURL_VERSION_ZSTD != 0 { encodings.append("zstd") }
        return "libcurl \(String(cString: info.version)) (\(encodings.joined(separator: ", ")))"
    }
}
