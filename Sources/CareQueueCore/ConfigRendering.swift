/// `config check --show`: the configuration in effect, every section and key, defaults filled in,
/// written in the TOML subset `parse` reads back. Settings that are not set (a TLS file, the whole
/// `[outbound]` section) are written as comments, since the subset has no "none".
extension CareQueueConfig {
    public func effectiveText() -> String {
        var lines: [String] = []
        for (section, keys) in ConfigSchema.sections {
            if !lines.isEmpty { lines.append("") }
            let absent = section == "outbound" && outbound == nil
            lines.append(absent ? "# [outbound] is not set: nothing is written back to the EHR" : "[\(section)]")
            // An open section's keys are whatever the file set (test codes), in order.
            let shown = ConfigSchema.openSections.contains(section) ? openKeys(section) : keys
            for key in shown {
                switch ConfigSchema.value(of: section, key, in: self) {
                case .some(let value) where !absent: lines.append("\(key) = \(value)")
                case .some(let value): lines.append("# \(key) = \(value)")
                case nil: lines.append("# \(key) is not set")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func openKeys(_ section: String) -> [String] {
        section == "turnaround_tests" ? turnaround.tests.keys.sorted() : []
    }
}

extension ConfigSchema {
    /// A key's value written as the file would hold it; nil when it is not set. `[outbound]`, when
    /// absent, shows the defaults a new section would start from (host and port have none).
    static func value(of section: String, _ key: String, in config: CareQueueConfig) -> String? {
        let listener = config.listener, clinic = config.clinic, ui = config.ui
        switch (section, key) {
        case ("windows", "critical"): return duration(config.windows.critical)
        case ("windows", "abnormal"): return duration(config.windows.abnormal)
        case ("windows", "routine"): return duration(config.windows.routine)
        case ("windows", "signoff"): return duration(config.windows.signoff)
        case ("windows", "review"): return duration(config.windows.review)
        case ("tiers", "critical_tests"): return array(config.tiers.criticalTests)
        case ("tiers", "normal_flags"): return array(config.tiers.normalFlags)
        case ("listener", "host"): return quoted(listener.host)
        case ("listener", "port"): return "\(listener.port)"
        case ("listener", "max_frame_bytes"): return "\(listener.maxFrameBytes)"
        case ("listener", "partial_frame_timeout"): return duration(listener.partialFrameTimeout)
        case ("listener", "idle_timeout"): return duration(listener.idleTimeout)
        case ("listener", "processing_ids"): return array(listener.processingIDs)
        case ("listener", "reused_control_id"): return quoted(listener.reusedControlID.rawValue)
        case ("listener", "allow_plaintext"): return "\(listener.allowPlaintext)"
        case ("listener", "max_connections"): return "\(listener.maxConnections)"
        case ("listener", "max_connections_per_peer"): return "\(listener.maxConnectionsPerPeer)"
        case ("listener", "max_buffered_bytes"): return "\(listener.maxBufferedBytes)"
        case ("listener", "tls_certificate"): return listener.tlsCertificate.map(quoted)
        case ("listener", "tls_private_key"): return listener.tlsPrivateKey.map(quoted)
        case ("listener", "tls_client_ca"): return listener.tlsClientCA.map(quoted)
        case ("store", "synchronous"): return quoted(config.store.synchronous.rawValue)
        case ("store", "group"): return config.store.group.map(quoted)
        case ("store", "max_backlog"): return "\(config.store.maxBacklog)"
        case ("store", "url"): return config.store.url.map { quoted($0.canonical) }
        case ("store", "password_file"): return config.store.passwordFile.map(quoted)
        case ("clinic", "name"): return quoted(clinic.name)
        case ("clinic", "hours"): return quoted(clinic.hours ?? "00:00-24:00")
        case ("clinic", "silent_after"): return duration(clinic.silentAfter)
        case ("clinic", "business_days"): return array(clinic.businessDays.sorted().map(\.rawValue))
        case ("clinic", "holidays"): return array(clinic.holidays)
        case ("audit", "key_file"): return config.audit.keyFile.map(quoted)
        case ("ui", "theme"): return quoted(ui.theme)
        case ("ui", "idle_lock"): return duration(ui.idleLock)
        case ("ui", "undo_window"): return duration(ui.undoWindow)
        case ("ui", "claim_for"): return duration(ui.claimFor)
        case ("ui", "board_page_every"): return duration(ui.boardPageEvery)
        case ("ui", "bell"): return quoted(ui.bell)
        case ("outbound", _): return outboundValue(of: key, in: config.outbound)
        case ("workflow", "signoff_required"): return array(config.workflow.signoffRequired.map(\.rawValue))
        case ("log", "format"): return quoted(config.log.format.rawValue)
        case ("log", "level"): return config.log.level.map { quoted($0.rawValue) }
        case ("log", "max_bytes"): return "\(config.log.maxBytes)"
        case ("log", "keep"): return "\(config.log.keep)"
        case ("retention", "closed_after"): return config.retention.closedAfter.map(duration)
        case ("retention", "audit"): return duration(config.retention.audit)
        case ("status", "review_backlog"): return "\(config.status.reviewBacklog)"
        case ("status", "outbox_backlog"): return "\(config.status.outboxBacklog)"
        case ("status", "outbox_age"): return duration(config.status.outboxAge)
        case ("status", "certificate_warning"): return duration(config.status.certificateWarning)
        case ("turnaround", "default"): return duration(config.turnaround.defaultWindow)
        case ("turnaround", "stat"): return duration(config.turnaround.stat)
        case ("turnaround", "referral"): return duration(config.turnaround.referral)
        case ("turnaround", "missing_tier"): return quoted(config.turnaround.missingTier.rawValue)
        case ("turnaround", "consult_note_tier"): return quoted(config.turnaround.consultNoteTier.rawValue)
        case ("turnaround_tests", let code): return config.turnaround.tests[code].map(duration)
        default: return nil
        }
    }

    private static func outboundValue(of key: String, in outbound: CareQueueConfig.Outbound?) -> String? {
        let shown = outbound ?? CareQueueConfig.Outbound(host: "", port: 0)
        switch key {
        case "host": return outbound.map { quoted($0.host) }
        case "port": return outbound.map { "\($0.port)" }
        case "tls_ca": return shown.tlsCA.map(quoted)
        case "tls_certificate": return shown.tlsCertificate.map(quoted)
        case "tls_private_key": return shown.tlsPrivateKey.map(quoted)
        case "events": return array(shown.events.map(\.rawValue))
        case "message": return quoted(shown.message.rawValue)
        case "document_type": return quoted(shown.documentType)
        case "version": return quoted(shown.version)
        case "sending_application": return quoted(shown.sendingApplication)
        case "sending_facility": return quoted(shown.sendingFacility)
        case "receiving_application": return quoted(shown.receivingApplication)
        case "receiving_facility": return quoted(shown.receivingFacility)
        case "ack_timeout": return duration(shown.ackTimeout)
        case "retry_max_interval": return duration(shown.retryMaxInterval)
        default: return nil
        }
    }

    private static func duration(_ seconds: Double) -> String { quoted(DurationText.format(seconds)) }

    private static func array(_ items: [String]) -> String { "[" + items.map(quoted).joined(separator: ", ") + "]" }

    /// A TOML basic string with the escapes the subset reads.
    private static func quoted(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(character)
            }
        }
        return out + "\""
    }
}
