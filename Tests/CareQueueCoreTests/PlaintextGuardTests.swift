import CareQueueCore
import Testing

@Suite("Plaintext guard: loopback always, elsewhere only with TLS or when said")
struct PlaintextGuardTests {
    @Test("loopback names and addresses are allowed without the setting", arguments: [
        "127.0.0.1", "127.5.6.7", "localhost", "LOCALHOST", "::1", "[::1]",
    ])
    func loopback(_ host: String) {
        #expect(PlaintextGuard.refusal(host: host, allowPlaintext: false, usesTLS: false) == nil)
    }

    @Test("any address other machines can reach is refused, naming TLS and the setting", arguments: [
        "0.0.0.0", "::", "10.0.0.5", "192.168.1.20", "lab-gw.example.org", "128.0.0.1", "127.0.0", "127.0.0.1.5",
    ])
    func reachable(_ host: String) throws {
        let refusal = try #require(PlaintextGuard.refusal(host: host, allowPlaintext: false, usesTLS: false))
        #expect(refusal.contains("[listener] allow_plaintext = true"))
        #expect(refusal.contains("[listener] tls_certificate and tls_private_key"))
        #expect(refusal.contains(host))
        #expect(PlaintextGuard.refusal(host: host, allowPlaintext: true, usesTLS: false) == nil)
    }

    @Test("a listener with TLS is not plaintext: no refusal anywhere", arguments: ["0.0.0.0", "::", "10.0.0.5", "127.0.0.1"])
    func tls(_ host: String) {
        #expect(PlaintextGuard.refusal(host: host, allowPlaintext: false, usesTLS: true) == nil)
    }
}
