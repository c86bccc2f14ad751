internal import CCurl

#if canImport(Glibc)
import Glibc
#endif

/// Turning a finished easy handle into a response or an error (transfer thread).
extension EasyHandle {
    /// The outcome of a transfer that libcurl reported done with `code`.
    func result(code: CURLcode, configuration: FetcherConfiguration) -> Result<FetchResponse, FetchError> {
        guard code == CURLE_OK else {
            return .failure(FetchError(url: request.url, reason: failure(code, configuration)))
        }
        let headers = responseHeaders
        let response = FetchResponse(
            status: info(CURLINFO_RESPONSE_CODE),
            httpVersion: httpVersion,
            headers: headers,
            body: body,
            requestedURL: request.url,
            finalURL: string(CURLINFO_EFFECTIVE_URL) ?? request.url,
            redirectStatuses: Array(statuses.dropLast()),
            retryAfter: headers.value(for: "Retry-After").flatMap(RetryAfter.init(headerValue:)),
            timings: FetchTimings(
                dns: duration(CURLINFO_NAMELOOKUP_TIME_T),
                connect: duration(CURLINFO_CONNECT_TIME_T),
                tls: duration(CURLINFO_APPCONNECT_TIME_T),
                firstByte: duration(CURLINFO_STARTTRANSFER_TIME_T),
                total: duration(CURLINFO_TOTAL_TIME_T),
                redirects: duration(CURLINFO_REDIRECT_TIME_T)
            ),
            // SIZE_DOWNLOAD counts body bytes as received, before decoding.
            wireBytes: info(CURLINFO_HEADER_SIZE) + offset(CURLINFO_SIZE_DOWNLOAD_T)
        )
        return .success(response)
    }

    /// Maps libcurl's code, plus what the callbacks saw, to a reason a user can act on.
    private func failure(_ code: CURLcode, _ configuration: FetcherConfiguration) -> FetchError.Reason {
        let message = errorMessage.isEmpty ? String(cString: curl_easy_strerror(code)) : errorMessage
        switch code {
        case CURLE_WRITE_ERROR where bodyLimitExceeded, CURLE_FILESIZE_EXCEEDED:
            return .bodyTooLarge(limit: min(request.maxBodyBytes ?? .max, configuration.maxBodyBytes))
        case CURLE_UNSUPPORTED_PROTOCOL:
            // "Protocol "file" not supported or disabled in libcurl": the scheme is between the quotes.
            let quoted = message.split(separator: "\"", omittingEmptySubsequences: false)
            let scheme = quoted.count >= 3 ? String(quoted[1]) : "unknown"
            return .protocolRefused(scheme: scheme, onRedirect: !statuses.isEmpty)
        case CURLE_URL_MALFORMAT:
            return .invalidRequest("malformed URL (\(message))")
        case CURLE_COULDNT_RESOLVE_HOST:
            return .dnsFailure(host: hostOfLastAttempt())
        case CURLE_COULDNT_RESOLVE_PROXY:
            return .dnsFailure(host: "the proxy (\(message))")
        case CURLE_ABORTED_BY_CALLBACK where refusedAddress != nil:
            // The pre-request callback refused the connection a request (a redirect hop, maybe) would use.
            return .addressRefused(address: refusedAddress ?? "")
        case CURLE_COULDNT_CONNECT:
            if let refusedAddress { return .addressRefused(address: refusedAddress) }
            if info(CURLINFO_OS_ERRNO) == Int(ECONNREFUSED) {
                // PRIMARY_PORT stays 0 when no connection was made: take the port from the URL tried.
                let url = string(CURLINFO_EFFECTIVE_URL) ?? request.url
                return .connectionRefused(host: hostOfLastAttempt(), port: TransferTarget.port(of: url) ?? 0)
            }
            return .couldNotConnect(detail: message)
        case CURLE_OPERATION_TIMEDOUT:
            let phase = timedOutPhase()
            let bytesRead = offset(CURLINFO_SIZE_DOWNLOAD_T)
            // libcurl reports both limits with one code; only its message tells the low-speed one apart.
            if message.hasPrefix("Operation too slow") {
                let seconds = Int(configuration.lowSpeedTime.components.seconds)
                return .tooSlow(
                    phase: phase,
                    bytesPerSecond: configuration.lowSpeedLimit,
                    seconds: seconds,
                    bytesRead: bytesRead
                )
            }
            return .timedOut(phase: phase, seconds: duration(CURLINFO_TOTAL_TIME_T).secondsValue, bytesRead: bytesRead)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS:
            return .tls(detail: message)
        case CURLE_TOO_MANY_REDIRECTS:
            return .tooManyRedirects(limit: configuration.maxRedirects)
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE:
            return .connectionLost(detail: message, bytesRead: offset(CURLINFO_SIZE_DOWNLOAD_T))
        case CURLE_BAD_CONTENT_ENCODING:
            return .badContentEncoding(detail: message)
        case CURLE_WEIRD_SERVER_REPLY, CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_HTTP3:
            return .protocolError(detail: message)
        default:
            return .libcurl(code: Int(code.rawValue), detail: message)
        }
    }

    private func timedOutPhase() -> FetchError.Phase {
        if offset(CURLINFO_SIZE_DOWNLOAD_T) > 0 || offset(CURLINFO_STARTTRANSFER_TIME_T) > 0 { return .receiving }
        if offset(CURLINFO_CONNECT_TIME_T) == 0 { return .connecting }
        if (string(CURLINFO_EFFECTIVE_URL) ?? "").hasPrefix("https:") && offset(CURLINFO_APPCONNECT_TIME_T) == 0 {
            return .tlsHandshake
        }
        return .waitingForResponse
    }

    /// The host of the URL libcurl last tried (a redirect hop's, after redirects).
    private func hostOfLastAttempt() -> String {
        let url = string(CURLINFO_EFFECTIVE_URL) ?? request.url
        return TransferTarget.host(of: url) ?? url
    }

    // MARK: getinfo

    private func info(_ item: CURLINFO) -> Int {
        var value = 0
        return feedwatch_easy_getinfo_long(raw, item, &value) == CURLE_OK ? value : 0
    }

    private func offset(_ item: CURLINFO) -> Int {
        var value: curl_off_t = 0
        return feedwatch_easy_getinfo_offset(raw, item, &value) == CURLE_OK ? Int(value) : 0
    }

    private func duration(_ item: CURLINFO) -> Duration {
        .microseconds(offset(item))
    }

    private func string(_ item: CURLINFO) -> String? {
        var value: UnsafePointer<CChar>?
        guard feedwatch_easy_getinfo_string(raw, item, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }
}
