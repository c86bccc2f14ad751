import NIOCore
import NIOHTTP1
import NIOPosix

/// An HTTP/1.1 listener on 127.0.0.1 at a port the kernel picks, one event loop, a fresh handler per
/// connection: what every test server here is made of.
struct LoopbackListener: Sendable {
    let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    /// Binds and starts accepting; `makeHandler` is called once per connection.
    init(
        backlog: Int32,
        makeHandler: @escaping @Sendable () -> some ChannelInboundHandler & RemovableChannelHandler
    ) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: backlog)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(makeHandler())
                }
            }
        do {
            channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        self.group = group
        port = channel.localAddress?.port ?? 0
    }

    /// Closes the listening socket and every connection.
    func shutdown() async throws {
        try? await channel.close()
        try await group.shutdownGracefully()
    }
}
