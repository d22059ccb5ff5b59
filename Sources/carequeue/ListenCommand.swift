import CareQueueApp
import ArgumentParser
import CareQueueCore
import CareQueueServer
import CareQueueStore
import Foundation
import Logging

/// `carequeue listen`: the MLLP listener alone, headless (a service).
struct ListenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen",
        abstract: "Run the MLLP listener: store each message durably, ACK it, then derive its tasks.",
        discussion: """
            Prints `listening on HOST:PORT` first on stderr (the real port when asked for 0), then the \
            version, database and configuration file, then one line per connection and per error, \
            without patient data; with `[log] format = "json"` each line is a JSON object and the first is \
            {"event":"listening","address":"HOST:PORT",…}. One listener per database: a second one exits 1 \
            naming the first. SIGTERM or Ctrl-C drains: messages already received are committed and ACKed \
            before it exits. SIGHUP reads the configuration again and applies windows, tiers, workflow and \
            [outbound]; an address or TLS change is logged as needing a restart. Under systemd \
            (Type=notify) it says READY=1 once the port is open.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Address to bind (default: [listener] host, else 127.0.0.1; 0.0.0.0 for other machines).")
    var host: String?

    @Option(help: "Port (default: [listener] port, else 2575; 0 picks a free one).")
    var port: Int?

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be 0–65535") }
    }

    func run() async throws {
        let (file, host, port) = (common.config, host, port)
        let configuration: @Sendable () throws -> CareQueueConfig = { try Self.configuration(file: file, host: host, port: port) }
        let config = try configuration()
        // Armed before READY=1: a SIGTERM sent as soon as READY is seen must still stop us cleanly.
        let signals = TerminationSignals(handlesHangup: true)
        try LogSetup.bootstrap(config.log, default: .info)
        let store = try common.storeLocation
        let newFile: String? = if case .sqlite(let path) = store, NewDatabase.isAbsent(path) { path } else { nil }
        let service: ListenerService
        let address: String
        do {
            service = try ListenerService(config: config, store: store)
            address = try await service.start()
        } catch {
            // A listener that could not start leaves no new, empty database file behind.
            if let newFile { NewDatabase.remove(newFile) }
            throw error
        }
        signals.onHangup {
            ServiceManager.notify("RELOADING=1\n\(ServiceManager.monotonicMicroseconds)")
            do {
                service.reload(try configuration())
            } catch {
                Logger(label: "carequeue.listen").error("configuration not reloaded, the last one stays: \(error)")
            }
            ServiceManager.notify("READY=1\nSTATUS=listening on \(address)")
        }
        LogSetup.announceListening(on: address, format: config.log.format)
        LogSetup.announceIdentity(version: CareQueueVersion.current, database: store.description,
                                  configuration: common.configurationInUse, format: config.log.format)
        ServiceManager.notify("READY=1\nSTATUS=listening on \(address)")
        service.reportRecovery()
        service.startDelivery()

        await signals.waitForTermination()
        ServiceManager.notify("STOPPING=1")
        await service.stop()
    }

    /// The configuration file (`--config`, else the default path) with this command's flags over it.
    private static func configuration(file: String?, host: String?, port: Int?) throws -> CareQueueConfig {
        var config = try CommonOptions.loadConfiguration(file)
        if let host { config.listener.host = host }
        if let port { config.listener.port = port }
        return config
    }
}
