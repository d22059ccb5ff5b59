/// `sslmode` as libpq spells and means it; the default is libpq's `prefer`, so a URL copied from
/// `psql` behaves the same here.
public enum PostgresSSLMode: String, Sendable, Equatable, CaseIterable {
    /// Never TLS.
    case disable
    /// Plaintext first, TLS if the server insists.
    case allow
    /// TLS if the server offers it, else plaintext.
    case prefer
    /// TLS or no connection, without checking the server's certificate.
    case require
    /// TLS, and the server's certificate signed by a trusted CA (`sslrootcert`).
    case verifyCA = "verify-ca"
    /// As `verify-ca`, and the certificate names the host connected to.
    case verifyFull = "verify-full"

    public static let libpqDefault = PostgresSSLMode.prefer

    static let spelledChoices = allCases.map(\.rawValue).joined(separator: ", ")
}
