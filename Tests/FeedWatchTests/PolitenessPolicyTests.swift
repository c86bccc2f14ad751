import Testing

@testable import FeedWatch

@Suite("PolitenessPolicy")
struct PolitenessPolicyTests {
    @Test("reads every setting from [daemon]")
    func fromDaemon() {
        var daemon = DaemonConfig()
        daemon.interval = .seconds(600)
        daemon.minInterval = .seconds(120)
        daemon.maxInterval = .seconds(7200)
        daemon.jitter = 0.2
        daemon.backoffInitial = .seconds(30)
        daemon.backoffMax = .seconds(3600)
        daemon.failingAfter = 3
        daemon.moveAfter = 4
        daemon.perHostConcurrency = 6
        daemon.hostSpacing = .milliseconds(500)
        let policy = PolitenessPolicy(daemon)
        #expect(policy.interval == .seconds(600))
        #expect(policy.minInterval == .seconds(120))
        #expect(policy.maxInterval == .seconds(7200))
        #expect(policy.jitter == 0.2)
        #expect(policy.backoffInitial == .seconds(30))
        #expect(policy.backoffMax == .seconds(3600))
        #expect(policy.failingAfter == 3)
        #expect(policy.moveAfter == 4)
        #expect(policy.perHostConcurrency == 6)
        #expect(policy.hostSpacing == .milliseconds(500))
        #expect(policy.retryAfterCap == .seconds(7200))
        let gate = HostGate(policy)
        #expect(gate.perHostConcurrency == 6)
        #expect(gate.spacing == .milliseconds(500))
    }

    @Test("values that slipped past validation are made safe")
    func sanitised() {
        var daemon = DaemonConfig()
        daemon.interval = .seconds(-1)
        daemon.minInterval = .seconds(600)
        daemon.maxInterval = .seconds(60)
        daemon.jitter = 5
        daemon.backoffInitial = .seconds(120)
        daemon.backoffMax = .seconds(10)
        daemon.failingAfter = 0
        daemon.moveAfter = -2
        daemon.perHostConcurrency = 0
        daemon.hostSpacing = .seconds(-3)
        let policy = PolitenessPolicy(daemon)
        #expect(policy.interval == .zero)
        #expect(policy.maxInterval == .seconds(600))
        #expect(policy.jitter == 0.9)
        #expect(policy.backoffMax == .seconds(120))
        #expect(policy.failingAfter == 1)
        #expect(policy.moveAfter == 1)
        #expect(policy.perHostConcurrency == 1)
        #expect(policy.hostSpacing == .zero)
        daemon.jitter = .nan
        #expect(PolitenessPolicy(daemon).jitter == 0)
    }
}
