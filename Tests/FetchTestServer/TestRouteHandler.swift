import NIOCore
import NIOHTTP1

/// Answers one connection's requests; each route exercises one behaviour of the fetcher.
final class TestRouteHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    static let lastModified = "Wed, 21 Oct 2015 07:28:00 GMT"
    static let etag = "\"v1\""

    private let statistics: ServerStatistics
    private let fixtures: Fixtures
    private var responding = false
    private var drip: Scheduled<Void>?

    init(statistics: ServerStatistics, fixtures: Fixtures) {
        self.statistics = statistics
        self.fixtures = fixtures
    }

    func channelActive(context: ChannelHandlerContext) {
        statistics.update { $0.connections += 1 }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        drip?.cancel()
        if responding {
            responding = false
            statistics.update {
                $0.inFlight -= 1
                $0.abandoned += 1
            }
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data) else { return }
        responding = true
        statistics.update {
            $0.requests += 1
            $0.inFlight += 1
            $0.maxInFlight = max($0.maxInFlight, $0.inFlight)
            $0.lastRequestHeaders = head.headers.map { ($0.name, $0.value) }
        }
        route(head, context: context)
    }

    private func route(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let parts = head.uri.split(separator: "?", maxSplits: 1)
        let path = String(parts.first ?? "/")
        let query = parts.count > 1 ? String(parts[1]) : ""
        let number = Int(query.split(separator: "=").last ?? "") ?? 0
        switch path {
        case "/feed":
            if head.headers["If-None-Match"].first == Self.etag
                || head.headers["If-Modified-Since"].first == Self.lastModified
            {
                respond(context, .notModified, [("ETag", Self.etag)], [])
            } else {
                respond(
                    context,
                    .ok,
                    [
                        ("Content-Type", "application/rss+xml; charset=\"ISO-8859-1\""), ("ETag", Self.etag),
                        ("Last-Modified", Self.lastModified),
                    ],
                    Array("<rss>hello feed</rss>".utf8)
                )
            }
        case "/gzip":
            respond(
                context,
                .ok,
                [("Content-Type", "application/xml"), ("Content-Encoding", "gzip")],
                fixtures.gzipBody
            )
        case "/bomb":
            respond(context, .ok, [("Content-Encoding", "gzip")], fixtures.gzipBomb)
        case "/big":
            respond(context, .ok, [], [UInt8](repeating: 0x61, count: number))
        case "/chunked":
            sendChunked(context, parts: 5)
        case "/slow":
            let loop = context.eventLoop.assumeIsolated()
            loop.scheduleTask(in: .milliseconds(Int64(number))) {
                self.respond(context, .ok, [], Array("slow".utf8))
            }
        case "/drip":
            context.write(wrapOutboundOut(.head(responseHead(.ok, [("Content-Length", "1000")]))), promise: nil)
            dripByte(context, remaining: 1000)
        case "/headers":
            let text = head.headers.map { "\($0.name): \($0.value)\n" }.joined()
            respond(context, .ok, [], Array(text.utf8))
        case "/retry-seconds":
            respond(context, .tooManyRequests, [("Retry-After", "120")], [])
        case "/retry-date":
            respond(context, .tooManyRequests, [("Retry-After", Self.lastModified)], [])
        case "/loop":
            respond(context, .found, [("Location", "/loop")], [])
        case "/to-file":
            respond(context, .found, [("Location", "file:///etc/passwd")], [])
        case "/redirect/mixed":
            respond(context, .movedPermanently, [("Location", "/redirect/temporary")], [])
        case "/redirect/temporary":
            respond(context, .found, [("Location", "/feed")], [])
        default:
            if path.hasPrefix("/redirect/permanent/"), let hops = Int(path.dropFirst("/redirect/permanent/".count)) {
                // Alternates 301 and 308 so both permanent codes are exercised.
                let status: HTTPResponseStatus = hops % 2 == 1 ? .movedPermanently : .permanentRedirect
                let next = hops > 1 ? "/redirect/permanent/\(hops - 1)" : "/feed"
                respond(context, status, [("Location", next)], [])
            } else {
                respond(context, .notFound, [], Array("no such route".utf8))
            }
        }
    }

    private func responseHead(_ status: HTTPResponseStatus, _ fields: [(String, String)]) -> HTTPResponseHead {
        HTTPResponseHead(version: .http1_1, status: status, headers: HTTPHeaders(fields))
    }

    private func respond(
        _ context: ChannelHandlerContext,
        _ status: HTTPResponseStatus,
        _ fields: [(String, String)],
        _ body: [UInt8]
    ) {
        guard responding else { return }
        let head = responseHead(status, fields + [("Content-Length", String(body.count))])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if !body.isEmpty {
            context.write(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))),
                promise: nil
            )
        }
        finish(context)
    }

    private func finish(_ context: ChannelHandlerContext) {
        responding = false
        statistics.update { $0.inFlight -= 1 }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// No Content-Length: NIO sends Transfer-Encoding: chunked, one chunk per write, a few ms apart.
    private func sendChunked(_ context: ChannelHandlerContext, parts: Int) {
        context.writeAndFlush(wrapOutboundOut(.head(responseHead(.ok, []))), promise: nil)
        func send(_ index: Int) {
            guard responding else { return }
            guard index < parts else { return finish(context) }
            let chunk = context.channel.allocator.buffer(string: "chunk \(index)\n")
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(chunk))), promise: nil)
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(5)) { send(index + 1) }
        }
        send(0)
    }

    /// One byte per second: a server that is alive but far too slow.
    private func dripByte(_ context: ChannelHandlerContext, remaining: Int) {
        guard responding else { return }
        guard remaining > 0 else { return finish(context) }
        context.writeAndFlush(
            wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: "x")))),
            promise: nil
        )
        drip = context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(1)) {
            self.dripByte(context, remaining: remaining - 1)
        }
    }
}
