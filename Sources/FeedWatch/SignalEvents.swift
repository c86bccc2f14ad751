import Dispatch
import Foundation

/// SIGTERM, SIGINT and SIGHUP as an async sequence, read through Dispatch signal sources (the signals are
/// ignored for the default action first, so they queue for us instead of killing the process).
// @unchecked Sendable: `sources` is set once in init and only read (cancelled) in deinit; Dispatch sources
// are themselves thread-safe.
public final class SignalEvents: @unchecked Sendable {
    /// A signal the daemon acts on.
    public enum Event: Sendable, Hashable {
        /// SIGTERM or SIGINT: stop gracefully.
        case stop(signal: Int32)
        /// SIGHUP: reload the config.
        case reload
    }

    /// The signals, in the order they arrived.
    public let events: AsyncStream<Event>
    // The sources must stay alive as long as the stream.
    private let sources: [any DispatchSourceSignal]

    /// Starts listening; call once, early, before other threads could receive the signals.
    public init() {
        let (stream, continuation) = AsyncStream<Event>.makeStream()
        events = stream
        var sources: [any DispatchSourceSignal] = []
        for (number, event) in [
            (SIGTERM, Event.stop(signal: SIGTERM)), (SIGINT, .stop(signal: SIGINT)), (SIGHUP, .reload),
        ] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(event) }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
