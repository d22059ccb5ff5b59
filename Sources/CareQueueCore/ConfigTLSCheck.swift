extension ConfigSchema {
    /// The TLS settings only make sense together: a certificate needs its key (and the reverse), and
    /// mutual TLS is TLS first. `lines` maps "section.key" to the line that set it, for the error.
    static func checkTLSSettings(_ listener: CareQueueConfig.Listener, lines: [String: Int], file: String) throws(FileLineError) {
        func error(_ key: String, _ complaint: String) -> FileLineError {
            FileLineError(file: file, line: lines["listener.\(key)"], message: "[listener] \(key) \(complaint)")
        }
        switch (listener.tlsCertificate, listener.tlsPrivateKey) {
        case (.some, nil):
            throw error("tls_certificate", "is set without tls_private_key: set both (PEM files) to listen with TLS")
        case (nil, .some):
            throw error("tls_private_key", "is set without tls_certificate: set both (PEM files) to listen with TLS")
        case (nil, nil) where listener.tlsClientCA != nil:
            throw error("tls_client_ca", "needs tls_certificate and tls_private_key: mutual TLS is TLS with client certificates")
        default:
            return
        }
    }
}
