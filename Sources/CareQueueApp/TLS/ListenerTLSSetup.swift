import CareQueueCore
import CareQueueServer
import NIOSSL

extension CareQueueConfig.Listener {
    /// The TLS context `[listener]` asks for — nil for plaintext — from its PEM files, read and checked now.
    func tlsContext() throws(CommandFailure) -> NIOSSLContext? {
        guard let certificatePath = tlsCertificate, let keyPath = tlsPrivateKey else { return nil }
        let chain = try PEMFiles.certificates(certificatePath, setting: "[listener] tls_certificate")
        let key = try PEMFiles.privateKey(keyPath, setting: "[listener] tls_private_key")
        let clientCAs = try tlsClientCA.map { path throws(CommandFailure) in
            try PEMFiles.certificates(path, setting: "[listener] tls_client_ca")
        }
        do {
            return try ListenerTLS.context(certificateChain: chain, privateKey: key, clientCAs: clientCAs)
        } catch {
            // BoringSSL checks that the key belongs to the certificate.
            throw CommandFailure("[listener] tls_certificate \(certificatePath) and tls_private_key \(keyPath) "
                + "cannot be used together (is the key this certificate's?): \(error)")
        }
    }
}
