import Foundation

/// Whether the listener may speak plaintext MLLP on an address: always on loopback, elsewhere only
/// when `[listener] allow_plaintext = true` says it is deliberate (results carry PHI). A listener
/// with TLS configured is not plaintext and needs neither.
public enum PlaintextGuard {
    /// nil when listening is allowed; else the refusal, naming the settings that would allow it.
    public static func refusal(host: String, allowPlaintext: Bool, usesTLS: Bool) -> String? {
        if usesTLS || allowPlaintext || isLoopback(host) { return nil }
        return "refusing plaintext MLLP on \(host), which other machines can reach: results carry patient data. "
            + "Set [listener] tls_certificate and tls_private_key to listen with TLS, "
            + "or [listener] allow_plaintext = true if the network is already protected (e.g. a VPN), "
            + "or listen on 127.0.0.1"
    }

    /// 127.0.0.0/8, ::1 and localhost.
    public static func isLoopback(_ host: String) -> Bool {
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if name == "localhost" || name == "::1" || name == "0:0:0:0:0:0:0:1" { return true }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) else { return false }
        return octets[0] == "127"
    }
}
