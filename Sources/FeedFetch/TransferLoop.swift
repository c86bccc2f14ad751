internal import CCurl

/// The transfer thread's body: admits queued jobs within the concurrency limits, drives libcurl's multi
/// handle with `curl_multi_poll`, and resumes each caller when its transfer finishes or is cancelled.
///
/// Not Sendable: it is created on the transfer thread and never leaves it.
final class TransferLoop {
    private struct Running {
        let job: TransferJob
        let easy: EasyHandle
    }

    private let inbox: TransferInbox
    private let configuration: FetcherConfiguration
    private let multi: MultiHandle
    /// Per host key, the jobs waiting for a free slot (oldest first) and the number running; a host is here while
    /// it has either. One table for both: admitting a job then reads its host's count where it lies, with no
    /// look-up by key.
    private var hosts: [String: HostTransfers] = [:]
    private var waitingCount = 0
    private var running: [UnsafeMutableRawPointer: Running] = [:]
    private var runningByID: [UInt64: UnsafeMutableRawPointer] = [:]
    /// Handles of finished transfers, options cleared, for the next ones (at most one per concurrent transfer).
    private var idleHandles: [CurlEasy] = []
    private var shutdownRequested = false

    private init(inbox: TransferInbox, configuration: FetcherConfiguration, multi: MultiHandle) {
        self.inbox = inbox
        self.configuration = configuration
        self.multi = multi
    }

    /// Runs until shut down; every job ever submitted has been resumed when this returns.
    static func run(inbox: TransferInbox, configuration: FetcherConfiguration) {
        if let multi = MultiHandle(configuration: configuration) {
            // Keeps the multi handle alive until callers can no longer wake it (ARC may otherwise free it
            // right after its last use, while another thread could still call curl_multi_wakeup).
            withExtendedLifetime(multi) {
                let loop = TransferLoop(inbox: inbox, configuration: configuration, multi: multi)
                inbox.attach(multi.wakeup)
                loop.run()
                inbox.detach()
            }
        }
        // Jobs that arrived after the loop stopped (or when libcurl could not even make a multi handle).
        for case .start(let job) in inbox.markExited() {
            job.continuation.resume(throwing: FetchError(url: job.request.url, reason: .shutDown))
        }
    }

    private func run() {
        while true {
            for command in inbox.takeCommands() { handle(command) }
            if shutdownRequested && running.isEmpty && waitingCount == 0 { break }
            let admitted = admit()
            multi.perform()
            let finished = reapFinished()
            // Something changed: look again at once (a freed slot may admit a queued job) instead of sleeping.
            if admitted || finished { continue }
            multi.poll(milliseconds: 1000)
        }
    }

    private func handle(_ command: TransferInbox.Command) {
        switch command {
        case .start(let job):
            if job.ticket.isCancelled {
                job.continuation.resume(throwing: CancellationError())
            } else if shutdownRequested {
                job.continuation.resume(throwing: FetchError(url: job.request.url, reason: .shutDown))
            } else {
                hosts[job.target.hostKey, default: HostTransfers()].waiting.append(job)
                waitingCount += 1
            }
        case .cancel(let id):
            abort(id: id, with: CancellationError())
        case .shutdown(let cancelInFlight):
            shutdownRequested = true
            if cancelInFlight {
                for job in hosts.values.flatMap(\.waiting.jobs) + running.values.map(\.job) {
                    abort(id: job.id, with: FetchError(url: job.request.url, reason: .shutDown))
                }
            }
        }
    }

    /// Removes job `id` from the queue or from libcurl (mid-transfer) and resumes its caller with `error`.
    private func abort(id: UInt64, with error: any Error) {
        if let (index, job) = waitingJob(id: id) {
            hosts.values[index].waiting.remove(id: id)
            if hosts.values[index].isIdle { hosts.remove(at: index) }
            waitingCount -= 1
            job.continuation.resume(throwing: error)
        } else if let pointer = runningByID[id], let transfer = running[pointer] {
            multi.remove(transfer.easy)
            forget(pointer, transfer)
            transfer.job.continuation.resume(throwing: error)
        }
        // Otherwise it already finished: a cancellation that lost the race has nothing to do.
    }

    /// Starts waiting jobs while the total and per-host limits allow, oldest first among the hosts with room;
    /// true if any started. Costs one pass over the hosts with transfers per start, not over every job, and no
    /// look-up by host key.
    private func admit() -> Bool {
        var admittedAny = false
        while waitingCount > 0 && running.count < configuration.maxConcurrentTransfers {
            var oldest: (index: Dictionary<String, HostTransfers>.Index, id: UInt64)?
            for index in hosts.indices where hosts.values[index].running < configuration.maxTransfersPerHost {
                if let id = hosts.values[index].waiting.first?.id, id < oldest?.id ?? .max { oldest = (index, id) }
            }
            guard let index = oldest?.index, let job = hosts.values[index].waiting.removeFirst() else { break }
            waitingCount -= 1
            if start(job) {
                hosts.values[index].running += 1
                admittedAny = true
            } else if hosts.values[index].isIdle {
                hosts.remove(at: index)
            }
        }
        return admittedAny
    }

    private func waitingJob(id: UInt64) -> (Dictionary<String, HostTransfers>.Index, TransferJob)? {
        for index in hosts.indices {
            if let job = hosts.values[index].waiting.jobs.first(where: { $0.id == id }) { return (index, job) }
        }
        return nil
    }

    /// Makes and adds the easy handle; on failure resumes the caller with the error and returns false.
    private func start(_ job: TransferJob) -> Bool {
        let limit = min(job.request.maxBodyBytes ?? .max, configuration.maxBodyBytes)
        guard let curl = idleHandles.popLast() ?? CurlEasy() else {
            job.continuation.resume(
                throwing: FetchError(url: job.request.url, reason: .libcurl(code: 27, detail: "out of memory"))
            )
            return false
        }
        let easy = EasyHandle(request: job.request, maxBodyBytes: limit, on: curl)
        do {
            try easy.configure(configuration)
        } catch {
            job.continuation.resume(throwing: error)
            return false
        }
        let code = multi.add(easy)
        guard code == CURLM_OK else {
            let detail = "curl_multi_add_handle failed: \(String(cString: curl_multi_strerror(code)))"
            job.continuation.resume(
                throwing: FetchError(url: job.request.url, reason: .libcurl(code: Int(code.rawValue), detail: detail))
            )
            return false
        }
        running[easy.raw] = Running(job: job, easy: easy)
        runningByID[job.id] = easy.raw
        return true
    }

    /// Resumes the callers of every transfer libcurl reports done; true if any.
    private func reapFinished() -> Bool {
        var any = false
        while let (pointer, code) = multi.nextFinished() {
            guard let transfer = running[pointer] else { continue }
            any = true
            multi.remove(transfer.easy)
            forget(pointer, transfer)
            let result = transfer.easy.result(code: code, configuration: configuration)
            recycle(transfer.easy)
            transfer.job.continuation.resume(with: result.mapError { $0 as any Error })
        }
        return any
    }

    /// Keeps the handle of a transfer that is out of the multi handle for the next transfer, up to the limit.
    private func recycle(_ easy: EasyHandle) {
        guard idleHandles.count < configuration.maxConcurrentTransfers else { return }
        idleHandles.append(easy.release())
    }

    private func forget(_ pointer: UnsafeMutableRawPointer, _ transfer: Running) {
        running[pointer] = nil
        runningByID[transfer.job.id] = nil
        guard let index = hosts.index(forKey: transfer.job.target.hostKey) else { return }
        hosts.values[index].running -= 1
        if hosts.values[index].isIdle { hosts.remove(at: index) }
    }
}

/// One host's transfers: the waiting ones and the count of the running ones.
private struct HostTransfers {
    var waiting = WaitingQueue()
    var running = 0

    var isIdle: Bool { waiting.isEmpty && running == 0 }
}

/// One host's waiting jobs, oldest first, with O(1) removal from the front.
private struct WaitingQueue {
    private var storage: [TransferJob] = []
    private var head = 0

    var isEmpty: Bool { head == storage.count }
    var first: TransferJob? { isEmpty ? nil : storage[head] }
    var jobs: ArraySlice<TransferJob> { storage[head...] }

    mutating func append(_ job: TransferJob) {
        storage.append(job)
    }

    mutating func removeFirst() -> TransferJob? {
        guard !isEmpty else { return nil }
        let job = storage[head]
        head += 1
        if head > 64 && head * 2 > storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return job
    }

    mutating func remove(id: UInt64) {
        guard let index = storage[head...].firstIndex(where: { $0.id == id }) else { return }
        storage.remove(at: index)
    }
}
