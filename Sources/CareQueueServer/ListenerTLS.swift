import CareQueueCore
import Logging
import NIOCore
import NIOSSL

/// The listener's TLS: its policy (TLS 1.2 and 1.3 only; client certificates when a CA is given)
/// and the handlers that put each connection's MLLP inside it, unchanged.
public enum ListenerTLS {
    /// The server context for `certificateChain` (leaf first) and its key. With `clientCAs`, a client
    /// must present a certificate one of them signed (mutual TLS); any name in it will do.
    public static func context(certificateChain: [NIOSSLCertificate], privateKey: NIOSSLPrivateKey,
                               clientCAs: [NIOSSLCertificate]?) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: certificateChain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
        configuration.minimumTLSVersion = .tlsv12
        configuration.maximumTLSVersion = .tlsv13
        if let clientCAs {
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = .certificates(clientCAs)
            // Tells a client holding several certificates which one to present.
            configuration.sendCANameList = true
        }
        return try NIOSSLContext(configuration: configuration)
    }

    /// Puts TLS in front of the MLLP handlers. A handshake not done within `idle_timeout` closes
    /// the connection: until then the peer has sent nothing usable, which is what idle means.
    static func addHandlers(context: NIOSSLContext, to pipeline: ChannelPipeline.SynchronousOperations,
                            settings: CareQueueConfig.Listener, logger: Logger) throws {
        try pipeline.addHandler(NIOSSLServerHandler(context: context))
        try pipeline.addHandler(TLSHandshakeGate(timeout: settings.idleTimeout, logger: logger))
    }
}
