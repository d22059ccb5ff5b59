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
            Prints `listening on HOST:PORT` first on stderr (the real port when asked for 0), then \
            one line per connection and per error, without patient data; with `[log] format = "json"` \
            each line is a JSON object and the first is {"event":"listening","address":"HOST:PORT",…}. SIGTERM or Ctrl-C drains: \
            messages already received are committed and ACKed before it exits.
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
        var config = try common.loadConfiguration()
        if let host { config.listener.host = host }
        if let port { config.listener.port = port }
        try LogSetup.bootstrap(config.log, default: .info)
        let service = try ListenerService(config: config, databasePath: common.databasePath)
        let address = try await service.start()
        LogSetup.announceListening(on: address, format: config.log.format)
        service.reportRecovery()
        service.startDelivery()

        await SignalWaiter.waitForTermination()
        await service.stop()
    }
}
