import FeedStore
import Foundation

extension Daemon {
    /// Applies a new config: removed sources stop, added ones are queued, changed ones take their new settings
    /// from their next poll (a changed URL or interval reschedules them now).
    func reload(_ newConfig: Config, now: Date) async {
        var added = 0
        var removed = 0
        var changed = 0
        let newNames = Set(newConfig.sources.map(\.name))
        for index in slots.indices where slots[index].active && !newNames.contains(slots[index].config.name) {
            slots[index].active = false
            slots[index].generation += 1
            slotByName[slots[index].config.name] = nil
            removed += 1
        }
        let states = (try? await storedStates()) ?? [:]
        for source in newConfig.sources {
            guard let index = slotByName[source.name] else {
                addSlot(source, state: states[source.name], now: now)
                added += 1
                continue
            }
            let old = slots[index].config
            guard old != source else { continue }
            changed += 1
            slots[index].config = source
            if old.location != source.location || old.interval != source.interval {
                let state = states[source.name] ?? slots[index].state
                let replacement = SourceSlot(config: source, state: state)
                slots[index].address = replacement.address
                slots[index].hostKey = replacement.hostKey
                slots[index].generation += 1
                if !slots[index].polling {
                    queue.push(index, at: now, generation: slots[index].generation)
                }
            }
        }
        let restartNeeded = Self.restartOnlyKeys(changedFrom: config.daemon, to: newConfig.daemon)
        let levelChanged = newConfig.daemon.logLevel != config.daemon.logLevel
        config = newConfig
        planner = SchedulePlanner(policy: PolitenessPolicy(newConfig.daemon), random: random)
        gate.reconfigure(perHostConcurrency: newConfig.daemon.perHostConcurrency, spacing: newConfig.daemon.hostSpacing)
        // Before the line below, so that it is written (or not) at the level the operator just chose.
        if levelChanged { log.setLevel(newConfig.daemon.logLevel) }
        log.log(
            .info,
            "reloaded",
            [
                ("sources", .int(newConfig.sources.count)), ("added", .int(added)), ("removed", .int(removed)),
                ("changed", .int(changed)),
                ("log_level", levelChanged ? .string(newConfig.daemon.logLevel.rawValue) : nil),
                ("restart_needed", restartNeeded.isEmpty ? nil : .string(restartNeeded.joined(separator: ", "))),
            ]
        )
    }

    /// The `[daemon]` keys that differ between `old` and `new` and that a running daemon cannot apply: the
    /// store is opened, the log format chosen and the fetcher built (with its global and per-host transfer
    /// caps) once, at start.
    static func restartOnlyKeys(changedFrom old: DaemonConfig, to new: DaemonConfig) -> [String] {
        let settings: [(key: String, value: (DaemonConfig) -> AnyHashable)] = [
            ("store", { $0.storePath }), ("log_format", { $0.logFormat }),
            ("concurrency", { $0.concurrency }), ("per_host_concurrency", { $0.perHostConcurrency }),
            ("connect_timeout", { $0.connectTimeout }), ("timeout", { $0.timeout }),
            ("low_speed_time", { $0.lowSpeedTime }), ("low_speed_limit", { $0.lowSpeedLimit }),
            ("max_body_size", { $0.maxBodySize }), ("max_redirects", { $0.maxRedirects }),
            ("user_agent", { $0.userAgent }), ("ca_bundle", { $0.caBundle }),
        ]
        return settings.filter { $0.value(old) != $0.value(new) }.map(\.key)
    }
}
