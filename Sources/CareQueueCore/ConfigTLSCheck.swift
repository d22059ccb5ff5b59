extension ConfigSchema {
    /// The TLS settings only make sense together: a certificate needs its key (and the reverse), and
    /// mutual TLS is TLS first. `lines` maps "section.key" to the line that set it, for the error.
    static func checkTLSSettings(_ listener: CareQueueConfig.Listener, lines: [String: Int], file: String) throws(FileLineError) {
        try checkCertificateAndKey(section: "listener", certificate: listener.tlsCertificate, key: listener.tlsPrivateKey,
                                   purpose: "to listen with TLS", lines: lines, file: file)
        if listener.tlsCertificate == nil, listener.tlsClientCA != nil {
            throw FileLineError(file: file, line: lines["listener.tls_client_ca"], message: "[listener] tls_client_ca "
                + "needs tls_certificate and tls_private_key: mutual TLS is TLS with client certificates")
        }
    }

    /// `tls_certificate` and `tls_private_key` of `section`: both or neither.
    static func checkCertificateAndKey(section: String, certificate: String?, key: String?, purpose: String,
                                       lines: [String: Int], file: String) throws(FileLineError) {
        func error(_ setKey: String, _ missing: String) -> FileLineError {
            FileLineError(file: file, line: lines["\(section).\(setKey)"],
                          message: "[\(section)] \(setKey) is set without \(missing): set both (PEM files) \(purpose)")
        }
        switch (certificate, key) {
        case (.some, nil): throw error("tls_certificate", "tls_private_key")
        case (nil, .some): throw error("tls_private_key", "tls_certificate")
        default: return
        }
    }
}
