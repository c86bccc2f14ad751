internal import CCurl

/// A libcurl easy handle that outlives its transfers: the transfer loop keeps finished ones and hands them to
/// the next transfers, since `curl_easy_reset` costs a fraction of `curl_easy_cleanup` and `curl_easy_init`
/// (libcurl documents that a reset keeps the handle's caches and clears every option).
///
/// Not Sendable: made, used and freed on the fetcher's transfer thread only. Between transfers it holds no
/// option, so no pointer into an ``EasyHandle`` that is gone.
final class CurlEasy {
    let raw: UnsafeMutableRawPointer

    /// A new handle; nil only when libcurl cannot allocate one.
    init?() {
        guard let raw = curl_easy_init() else { return nil }
        self.raw = raw
    }

    deinit {
        curl_easy_cleanup(raw)
    }

    /// Clears every option, callbacks and buffers included, for the next transfer.
    func reset() {
        curl_easy_reset(raw)
    }
}
