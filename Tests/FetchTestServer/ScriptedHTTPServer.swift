import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// One answer a ``ScriptedHTTPServer`` route gives.
public struct ScriptedResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// How long the server waits before answering.
    public var delay: Duration
    /// When set, sent as `ETag`, and a request whose `If-None-Match` equals it gets a 304.
    public var etag: String?

    public init(
        status: Int = 200,
        headers: [(String, String)] = [],
        body: [UInt8] = [],
        delay: Duration = .zero,
        etag: String? = nil
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
        self.etag = etag
    }

    /// A 200 with `text` as an XML feed, with an ETag derived from the text so it changes when the text does.
    public static func feed(_ text: String, delay: Duration = .zero) -> ScriptedResponse {
        ScriptedResponse(
            headers: [("Content-Type", "application/rss+xml; charset=utf-8")],
            body: Array(text.utf8),
            delay: delay,
            etag: "\"\(String(UInt64(bitPattern: Int64(text.hashValue)), radix: 16))\""
        )
    }
}

/// A real HTTP/1.1 server on 127.0.0.1 whose routes the test sets and changes while a client polls it,
/// counting the requests each path received.
public final class ScriptedHTTPServer: Sendable {
    struct Route {
        var responses: [ScriptedResponse]
        var served = 0
    }

    /// The port the server listens on.
    public let port: Int
    private let routes: NIOLockedValueBox<[String: Route]>
    private let listener: LoopbackListener

    /// "http://127.0.0.1:PORT".
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts a server with no routes (every path is a 404 until set).
    public init() async throws {
        let routes = NIOLockedValueBox([String: Route]())
        listener = try await LoopbackListener(backlog: 256) { ScriptedRouteHandler(routes: routes) }
        self.routes = routes
        port = listener.port
    }

    /// Serves `responses` at `path` in order, the last one from then on.
    public func set(_ path: String, _ responses: ScriptedResponse...) {
        routes.withLockedValue { $0[path] = Route(responses: responses, served: $0[path]?.served ?? 0) }
    }

    /// How many requests `path` has received.
    public func requests(_ path: String) -> Int {
        routes.withLockedValue { $0[path]?.served ?? 0 }
    }

    /// Closes the listening socket and every connection.
    public func shutdown() async throws {
        try await listener.shutdown()
    }
}

/// Answers from the scripted routes.
final class ScriptedRouteHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let routes: NIOLockedValueBox<[String: ScriptedHTTPServer.Route]>

    init(routes: NIOLockedValueBox<[String: ScriptedHTTPServer.Route]>) {
        self.routes = routes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data) else { return }
        let path = String(head.uri.split(separator: "?", maxSplits: 1).first ?? "/")
        let response =
            routes.withLockedValue { routes -> ScriptedResponse? in
                guard var route = routes[path], !route.responses.isEmpty else { return nil }
                let response = route.responses[min(route.served, route.responses.count - 1)]
                route.served += 1
                routes[path] = route
                return response
            } ?? ScriptedResponse(status: 404, body: Array("no such route".utf8))
        let notModified = response.etag != nil && head.headers["If-None-Match"].first == response.etag
        var fields = response.headers
        if let etag = response.etag { fields.append(("ETag", etag)) }
        let status = notModified ? HTTPResponseStatus.notModified : HTTPResponseStatus(statusCode: response.status)
        let body = notModified ? [] : response.body
        fields.append(("Content-Length", String(body.count)))
        let send = {
            context.write(
                self.wrapOutboundOut(
                    .head(HTTPResponseHead(version: .http1_1, status: status, headers: HTTPHeaders(fields)))
                ),
                promise: nil
            )
            if !body.isEmpty {
                context.write(
                    self.wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))),
                    promise: nil
                )
            }
            context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
        }
        if response.delay > .zero {
            let (seconds, attoseconds) = response.delay.components
            let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
            context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanoseconds)) { send() }
        } else {
            send()
        }
    }
}
