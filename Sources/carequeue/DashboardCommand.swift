import CareQueueApp
import ArgumentParser
import CareQueueCore
import CareQueueTUI
import Foundation

/// `carequeue` / `carequeue dashboard`: the coordinators' screen, with the listener in-process.
struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "The live dashboard: per-provider queues, aging colours, the escalation ticker.",
        discussion: """
            Runs the MLLP listener in the background (--listen, default [listener] host and port, \
            else 127.0.0.1:2575) unless --no-listen; a port in use, or another listener on the database, is said on screen and the \
            dashboard still opens, watching the store. Keys: arrows or j/k move, Tab or h/l switch \
            queue, Enter detail, a acknowledge, f failed attempt, c close (outcome and note), r reassign, \
            Space tag (c then closes the tagged routine normal tasks), / find a patient by MRN or name, \
            b board, v review list (there r resolves a message with a note, p replays it), Esc back, ? help, q quit. Logs go to DB.log beside the database (a PostgreSQL store: under the data directory's postgres/) while the screen is open.
            """)

    @OptionGroup var common: CommonOptions

    @Option(help: ArgumentHelp("Listen on this address (port 0 picks a free one).", valueName: "host:port"))
    var listen: String?

    @Flag(help: "Do not run the listener here; show the store another process fills.")
    var noListen = false

    @Option(help: ArgumentHelp("Theme: a name (Themes/NAME.theme, or built-in default, high-contrast, monochrome) or a .theme file (default: [ui] theme).", valueName: "name"))
    var theme: String?

    @OptionGroup var actor: ActorOptions

    @OptionGroup var wall: DashboardWallOptions

    func validate() throws {
        if noListen, listen != nil { throw ValidationError("--listen and --no-listen exclude each other") }
        if let listen, ListenAddress(listen) == nil {
            throw ValidationError("--listen must be HOST:PORT with a port 0–65535, e.g. 127.0.0.1:2575 or [::1]:0")
        }
    }

    func run() async throws {
        let config = try common.loadConfiguration()
        var listening = DashboardSession.Listening.off
        if !noListen {
            let address = listen.flatMap(ListenAddress.init) ?? ListenAddress(host: config.listener.host, port: config.listener.port)
            listening = .on(host: address.host, port: address.port, fallbackToFreePort: false)
        }
        let session = try DashboardSession(
            config: config, store: common.storeLocation, listening: listening,
            theme: try DashboardResources.theme(named: theme ?? config.ui.theme), user: try actor.name(),
            wall: wall.wall)
        try await session.run()
    }
}

/// `HOST:PORT`, with IPv6 hosts in brackets (`[::1]:2575`).
struct ListenAddress: Equatable {
    var host: String
    var port: Int

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.init(host: host, port: port)
    }
}
