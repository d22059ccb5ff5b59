import CareQueueCore
import NIOSSL
import PostgresNIO

extension PostgresSSLMode {
    /// postgres-nio's TLS setting for this mode, with libpq's meanings: `disable` never, `allow` and
    /// `prefer` when the server offers it (unverified), `require` always (unverified unless a root
    /// certificate is given), `verify-ca` with the chain checked, `verify-full` with the host too.
    func configuration(rootCertificateFile: String?) throws -> PostgresConnection.Configuration.TLS {
        switch self {
        case .disable:
            return .disable
        case .allow, .prefer:
            return .prefer(try Self.context(verification: .none, rootCertificateFile: nil))
        case .require:
            // libpq: with a root certificate `require` verifies the chain, as `verify-ca` does.
            let verification: CertificateVerification = rootCertificateFile == nil ? .none : .noHostnameVerification
            return .require(try Self.context(verification: verification, rootCertificateFile: rootCertificateFile))
        case .verifyCA:
            return .require(try Self.context(verification: .noHostnameVerification, rootCertificateFile: rootCertificateFile))
        case .verifyFull:
            return .require(try Self.context(verification: .fullVerification, rootCertificateFile: rootCertificateFile))
        }
    }

    private static func context(verification: CertificateVerification, rootCertificateFile: String?) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = verification
        if let rootCertificateFile {
            configuration.trustRoots = .file(rootCertificateFile)
        }
        return try NIOSSLContext(configuration: configuration)
    }
}
