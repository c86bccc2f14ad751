import Foundation

/// What the server finally answered, after redirects, with how the transfer went.
public struct FetchResponse: Sendable {
    /// How the caller should treat the response.
    public enum Outcome: Sendable, Equatable {
        /// 2xx: the body is the resource.
        case content
        /// 304: the caller's validators still hold; the body is empty.
        case notModified
        /// Any other status (3xx left unfollowed, 4xx, 5xx); `status` and `retryAfter` say more.
        case httpError
    }

    /// The final response's status code.
    public let status: Int
    /// The HTTP version of the final response ("1.1", "2").
    public let httpVersion: String
    /// The final response's header fields, in order.
    public let headers: [HTTPHeader]
    /// The body, decoded from any Content-Encoding.
    public let body: [UInt8]
    /// The URL that was asked for.
    public let requestedURL: String
    /// The URL the final response came from.
    public let finalURL: String
    /// The status of every redirect followed, in order.
    public let redirectStatuses: [Int]
    /// The parsed Retry-After header of the final response.
    public let retryAfter: RetryAfter?
    /// How long each stage took.
    public let timings: FetchTimings
    /// Bytes received on the wire: header bytes of every hop plus the body before decoding.
    public let wireBytes: Int

    /// `.content`, `.notModified` or `.httpError`, from the status.
    public var outcome: Outcome {
        switch status {
        case 200..<300: return .content
        case 304: return .notModified
        default: return .httpError
        }
    }

    /// True when at least one redirect was followed and every one was permanent (301 or 308):
    /// the daemon may move the source to `finalURL`.
    public var movedPermanently: Bool {
        !redirectStatuses.isEmpty && redirectStatuses.allSatisfy { $0 == 301 || $0 == 308 }
    }

    /// The size of the decoded body.
    public var decodedBytes: Int { body.count }
    /// The final response's Content-Type header.
    public var contentType: String? { headers.value(for: "Content-Type") }
    /// The `charset` parameter of Content-Type, unquoted, as sent.
    public var charset: String? { contentType.flatMap(Self.charset(inContentType:)) }
    /// The validator to send as If-None-Match next time.
    public var etag: String? { headers.value(for: "ETag") }
    /// The validator to send as If-Modified-Since next time.
    public var lastModified: String? { headers.value(for: "Last-Modified") }

    /// The `charset` parameter of a Content-Type value.
    static func charset(inContentType value: String) -> String? {
        for parameter in value.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2,
                pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset"
            else { continue }
            let charset = pair[1].trimmingCharacters(in: .whitespaces)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return charset.isEmpty ? nil : charset
        }
        return nil
    }
}

/// When each stage of a transfer finished, measured from its start (libcurl's timing model), redirects included.
public struct FetchTimings: Sendable, Equatable {
    /// Name resolution done.
    public let dns: Duration
    /// TCP connected.
    public let connect: Duration
    /// TLS handshake done (zero for plain http).
    public let tls: Duration
    /// First byte of the response received.
    public let firstByte: Duration
    /// Transfer complete.
    public let total: Duration
    /// Time spent on redirects before the final request.
    public let redirects: Duration
}
