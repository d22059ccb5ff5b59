/// What a running listener does with a configuration read again (SIGHUP): the rules it applies
/// to the messages and actions that follow, and the settings only a restart can change (the
/// socket is bound, the TLS context built, the database opened once).
public struct ConfigReload: Equatable, Sendable {
    /// Sections applied now, e.g. "[windows]", "[outbound]".
    public var applied: [String] = []
    /// Changes kept until a restart, each said in words ("address 127.0.0.1:2575 → 0.0.0.0:2575").
    public var needsRestart: [String] = []
    /// The configuration to run with: the new one, with what needs a restart left as it runs.
    public var adopted: CareQueueConfig

    /// Compares the running configuration with the one just read. `tlsFilesChanged`: the TLS
    /// files' bytes differ from those loaded at start (a renewed certificate under the same name).
    public init(running: CareQueueConfig, read: CareQueueConfig, tlsFilesChanged: Bool = false) {
        var adopted = read
        adopted.listener = running.listener
        adopted.store = running.store
        adopted.audit = running.audit
        self.adopted = adopted

        let sections: [(String, Bool)] = [
            ("[windows]", running.windows != read.windows),
            ("[tiers]", running.tiers != read.tiers),
            ("[workflow]", running.workflow != read.workflow),
            ("[outbound]", running.outbound != read.outbound),
            ("[ui] undo_window", running.ui.undoWindow != read.ui.undoWindow),
            ("[log] level", running.log.level != read.log.level),
            ("[retention]", running.retention != read.retention),
        ]
        applied = sections.filter(\.1).map(\.0)

        let old = running.listener, new = read.listener
        if old.host != new.host || old.port != new.port {
            needsRestart.append("address \(HostPort.text(host: old.host, port: old.port)) → \(HostPort.text(host: new.host, port: new.port))")
        }
        if old.tlsCertificate != new.tlsCertificate || old.tlsPrivateKey != new.tlsPrivateKey
            || old.tlsClientCA != new.tlsClientCA || tlsFilesChanged {
            needsRestart.append("TLS files")
        }
        var rest = new
        (rest.host, rest.port) = (old.host, old.port)
        (rest.tlsCertificate, rest.tlsPrivateKey, rest.tlsClientCA) = (old.tlsCertificate, old.tlsPrivateKey, old.tlsClientCA)
        if rest != old { needsRestart.append("other [listener] settings") }
        if running.store != read.store { needsRestart.append("[store]") }
        if running.audit != read.audit { needsRestart.append("[audit] key_file") }
        if running.log.format != read.log.format { needsRestart.append("[log] format") }
        self.adopted.log.format = running.log.format
    }
}
