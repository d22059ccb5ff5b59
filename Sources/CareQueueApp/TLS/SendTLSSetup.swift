import MLLP
import NIOSSL

/// `send`'s TLS flags made into the client's TLS; the same files an outbound destination would name.
public enum SendTLSSetup {
    /// How errors name the three files: `send`'s flags, or `[outbound]`'s keys.
    public struct SettingNames: Sendable {
        var ca: String
        var certificate: String
        var key: String

        public static let flags = SettingNames(ca: "--ca", certificate: "--cert", key: "--key")
        public static let outbound = SettingNames(ca: "[outbound] tls_ca", certificate: "[outbound] tls_certificate",
                                                  key: "[outbound] tls_private_key")
    }

    /// nil when no flag asks for TLS; `ca` trusts that CA instead of the system's, `certificate` and
    /// `key` (both or neither) present a client certificate. Any of them implies TLS.
    public static func clientTLS(enabled: Bool, ca: String?, certificate: String?, key: String?,
                                 names: SettingNames = .flags) throws(CommandFailure) -> MLLPClient.TLS? {
        guard enabled || ca != nil || certificate != nil || key != nil else { return nil }
        let roots = try ca.map { path throws(CommandFailure) in try PEMFiles.certificates(path, setting: names.ca) }
        var chain: [NIOSSLCertificate] = []
        var privateKey: NIOSSLPrivateKey?
        switch (certificate, key) {
        case (let certificate?, let key?):
            chain = try PEMFiles.certificates(certificate, setting: names.certificate)
            privateKey = try PEMFiles.privateKey(key, setting: names.key)
        case (nil, nil):
            break
        default:
            throw CommandFailure("\(names.certificate) and \(names.key) go together: the client certificate and its private key")
        }
        do {
            return try MLLPClient.TLS(trustRoots: roots, certificateChain: chain, privateKey: privateKey)
        } catch {
            // BoringSSL checks that the key belongs to the certificate.
            throw CommandFailure(chain.isEmpty ? "cannot set up TLS: \(error)"
                : "\(names.certificate) and \(names.key) cannot be used together (is the key this certificate's?): \(error)")
        }
    }
}
