internal import CCurl

/// The libcurl multi handle that runs every transfer of one fetcher: one connection pool, one DNS cache.
///
/// Not Sendable: only the transfer thread calls it, except `curl_multi_wakeup` through `MultiWakeup`.
final class MultiHandle {
    let raw: UnsafeMutableRawPointer

    /// A multi handle with HTTP/2 multiplexing on and a connection cache sized for `configuration`.
    init?(configuration: FetcherConfiguration) {
        guard let raw = curl_multi_init() else { return nil }
        self.raw = raw
        // Failures here only lose a tuning (older libcurl): the transfers still work, so they are not fatal.
        _ = feedwatch_multi_setopt_long(raw, CURLMOPT_PIPELINING, feedwatch_pipe_multiplex)
        // Keep an idle connection per running transfer, so keep-alive survives a full queue.
        _ = feedwatch_multi_setopt_long(raw, CURLMOPT_MAXCONNECTS, max(configuration.maxConcurrentTransfers, 8))
        // The fetcher's own per-host admission is the real limit; this stops libcurl opening extra
        // connections when HTTP/2 is not negotiated yet.
        _ = feedwatch_multi_setopt_long(raw, CURLMOPT_MAX_HOST_CONNECTIONS, configuration.maxTransfersPerHost)
    }

    deinit {
        curl_multi_cleanup(raw)
    }

    /// Starts driving `easy`; it must stay alive until `remove`.
    func add(_ easy: EasyHandle) -> CURLMcode {
        curl_multi_add_handle(raw, easy.raw)
    }

    /// Stops driving `easy` (finished or abandoned mid-transfer).
    func remove(_ easy: EasyHandle) {
        curl_multi_remove_handle(raw, easy.raw)
    }

    /// Does whatever work is ready without blocking.
    func perform() {
        var running: Int32 = 0
        _ = curl_multi_perform(raw, &running)
    }

    /// Blocks until a socket is ready, a libcurl timer is due, `wakeup` is called or `milliseconds` pass.
    func poll(milliseconds: Int32) {
        _ = curl_multi_poll(raw, nil, 0, milliseconds, nil)
    }

    /// The next finished transfer: its easy handle pointer and result code.
    func nextFinished() -> (easy: UnsafeMutableRawPointer, code: CURLcode)? {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(raw, &remaining) {
            if message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle {
                return (easy, message.pointee.data.result)
            }
        }
        return nil
    }

    /// A way for other threads to interrupt `poll`.
    var wakeup: MultiWakeup { MultiWakeup(raw: raw) }
}

/// The multi handle's pointer, for `curl_multi_wakeup` from the threads that submit transfers.
///
/// `@unchecked Sendable` invariant: only `curl_multi_wakeup` (documented thread-safe) is ever called through
/// it, and only under the inbox lock while the inbox holds it; the transfer thread takes it out of the inbox
/// (under the same lock) before it frees the multi handle.
struct MultiWakeup: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer

    func wake() {
        _ = curl_multi_wakeup(raw)
    }
}
