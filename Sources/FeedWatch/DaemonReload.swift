import FeedStore
import Foundation

extension Daemon {
    /// Applies a new config: removed sources stop, added ones are queued, changed ones take their new settings
    /// from their next poll (a changed URL or interval reschedules them now).
    func reload(_ newConfig: Config, now: Date) async {
        var added = 0, removed = 0, changed = 0
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
        let fetcherSettingsChanged = Self.fetchSettings(newConfig.daemon) != Self.fetchSettings(config.daemon)
        config = newConfig
        planner = SchedulePlanner(policy: PolitenessPolicy(newConfig.daemon), random: random)
        gate.reconfigure(perHostConcurrency: newConfig.daemon.perHostConcurrency, spacing: newConfig.daemon.hostSpacing)
        log.log(.info, "reloaded", [
            ("sources", .int(newConfig.sources.count)), ("added", .int(added)), ("removed", .int(removed)),
            ("changed", .int(changed)),
            ("restart_needed", fetcherSettingsChanged ? .string("fetch settings (timeouts, limits, user_agent, ca_bundle) take effect on restart") : nil),
        ])
    }

    /// The settings the fetcher was created with: they change only with a new process.
    private static func fetchSettings(_ daemon: DaemonConfig) -> [String] {
        [daemon.connectTimeout, daemon.timeout, daemon.lowSpeedTime].map { "\($0)" }
            + [daemon.lowSpeedLimit, daemon.maxBodySize, daemon.maxRedirects, daemon.concurrency].map { "\($0)" }
            + [daemon.userAgent, daemon.caBundle ?? ""]
    }
}
