import NIOCore
import NIOSSL

extension MLLPClient {
    /// How a client speaks TLS (1.2 or 1.3): whom it trusts and what it presents. Made once and
    /// shared by every connection of a client, or by every client of one destination.
    ///
    /// The server's certificate must be signed by a trusted CA, be within its dates and name the
    /// host the client was given: its DNS name (also sent as SNI) or, for an address, its IP.
    public struct TLS: Sendable {
        let context: NIOSSLContext

        /// - Parameters:
        ///   - trustRoots: the CA certificates to trust; nil trusts the system's roots.
        ///   - certificateChain: the client certificate, leaf first, for mutual TLS; empty for none.
        ///   - privateKey: the client certificate's key; nil exactly when `certificateChain` is empty.
        public init(trustRoots: [NIOSSLCertificate]?, certificateChain: [NIOSSLCertificate] = [],
                    privateKey: NIOSSLPrivateKey? = nil) throws {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.minimumTLSVersion = .tlsv12
            configuration.maximumTLSVersion = .tlsv13
            configuration.certificateVerification = .fullVerification
            if let trustRoots { configuration.trustRoots = .certificates(trustRoots) }
            configuration.certificateChain = certificateChain.map { .certificate($0) }
            configuration.privateKey = privateKey.map { .privateKey($0) }
            context = try NIOSSLContext(configuration: configuration)
        }

        /// The TLS handler for one connection to `host`. SNI may not carry an address, so for one
        /// NIOSSL checks the certificate's IP SAN against the connected address instead.
        func handler(host: String) throws -> NIOSSLClientHandler {
            let isAddress = (try? SocketAddress(ipAddress: host, port: 0)) != nil
            return try NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : host)
        }
    }
}
