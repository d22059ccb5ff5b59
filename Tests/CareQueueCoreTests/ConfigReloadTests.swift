import CareQueueCore
import Foundation
import Testing

/// What SIGHUP applies to a running listener and what waits for a restart.
@Suite("Configuration reload")
struct ConfigReloadTests {
    @Test("rules apply; the address, TLS files and other bound settings are named and kept as they run")
    func plan() {
        let running = CareQueueConfig()
        var read = running
        read.windows.critical = 300
        read.tiers.criticalTests = ["2823-3"]
        read.outbound = CareQueueConfig.Outbound(host: "ehr", port: 6661)
        read.listener.host = "0.0.0.0"
        read.listener.tlsCertificate = "/etc/cq/new.pem"
        read.listener.maxConnections = 8
        read.store.maxBacklog = 5
        let reload = ConfigReload(running: running, read: read)
        #expect(reload.applied == ["[windows]", "[tiers]", "[outbound]"])
        #expect(reload.needsRestart == ["address 127.0.0.1:2575 → 0.0.0.0:2575", "TLS files", "other [listener] settings", "[store]"])
        #expect(reload.adopted.windows.critical == 300)
        #expect(reload.adopted.outbound == read.outbound)
        #expect(reload.adopted.listener == running.listener, "what needs a restart stays as it runs")
        #expect(reload.adopted.store == running.store)
    }

    @Test("a new [store] url or password_file waits for a restart: the listener keeps the store it opened")
    func storeURL() throws {
        var running = CareQueueConfig()
        running.store.url = try PostgresURL.parse("postgresql://cq@db-a/cq")
        for change in [{ (config: inout CareQueueConfig) in config.store.url = try? PostgresURL.parse("postgresql://cq@db-b/cq") },
                       { $0.store.url = nil },
                       { $0.store.passwordFile = "/etc/cq/pg.password" }] {
            var read = running
            change(&read)
            let reload = ConfigReload(running: running, read: read)
            #expect(reload.needsRestart == ["[store]"])
            #expect(reload.applied.isEmpty)
            #expect(reload.adopted.store == running.store)
        }
    }

    @Test("[retention] applies at once: the listener's next purge uses it")
    func retention() {
        let running = CareQueueConfig()
        var read = running
        read.retention.closedAfter = 400 * 86_400
        let reload = ConfigReload(running: running, read: read)
        #expect(reload.applied == ["[retention]"])
        #expect(reload.needsRestart.isEmpty)
        #expect(reload.adopted.retention == read.retention)
    }

    @Test("nothing changed: nothing applied, nothing to restart; a renewed certificate under the same name needs a restart")
    func unchanged() {
        let config = CareQueueConfig()
        #expect(ConfigReload(running: config, read: config) == ConfigReload(running: config, read: config))
        #expect(ConfigReload(running: config, read: config).applied.isEmpty)
        #expect(ConfigReload(running: config, read: config).needsRestart.isEmpty)
        #expect(ConfigReload(running: config, read: config, tlsFilesChanged: true).needsRestart == ["TLS files"])
    }

    @Test("[log] level applies at once; [log] format waits for a restart (the first line's form is fixed)")
    func logSettings() {
        let running = CareQueueConfig()
        var read = running
        read.log.level = .debug
        read.log.format = .json
        let reload = ConfigReload(running: running, read: read)
        #expect(reload.applied == ["[log] level"])
        #expect(reload.needsRestart == ["[log] format"])
        #expect(reload.adopted.log.level == .debug && reload.adopted.log.format == .text)
    }
}
