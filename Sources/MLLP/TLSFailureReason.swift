import Foundation
import NIOSSL

/// A TLS failure in words a person can act on — "certificate has expired", "wrong version number"
/// (a plaintext peer) — instead of BoringSSL's error stack with its codes, source files and lines.
public enum TLSFailureReason {
    /// Why `error` ended a TLS connection. `peerCertificate`, when the handshake got that far, turns
    /// a failed verification into its likely cause: expired, not yet valid, or an untrusted issuer.
    public static func describe(_ error: any Error, peerCertificate: NIOSSLCertificate? = nil, now: Date = Date()) -> String {
        switch error {
        case NIOSSLError.handshakeFailed(let failure):
            return describe(failure, peerCertificate: peerCertificate, now: now)
        case NIOSSLError.uncleanShutdown:
            return "the peer closed the connection without ending TLS"
        case let failure as BoringSSLError:
            return describe(failure, peerCertificate: peerCertificate, now: now)
        case let failure as NIOSSLExtraError where failure == .failedToValidateHostname:
            return "the certificate does not name this host (no matching subject alternative name)"
        default:
            return String(describing: error)
        }
    }

    private static func describe(_ error: BoringSSLError, peerCertificate: NIOSSLCertificate?, now: Date) -> String {
        switch error {
        case .sslError(let stack), .unknownError(let stack), .invalidSNIName(let stack), .failedToSetALPN(let stack):
            var reasons: [String] = []
            for reason in stack.map(reason) where !reasons.contains(reason) { reasons.append(reason) }
            guard !reasons.isEmpty else { return "TLS error" }
            return reasons.map { $0 == "certificate verify failed" ? verificationFailure(peerCertificate, now: now) : $0 }
                .joined(separator: "; ")
        case .zeroReturn:
            return "the peer ended TLS"
        case .syscallError:
            return "the connection failed during the handshake"
        default:
            return String(describing: error)
        }
    }

    /// "error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at file.cc:123" → "certificate verify failed".
    static func reason(_ error: BoringSSLInternalError) -> String {
        var text = error.description
        if let start = text.range(of: "error:") {
            let fields = text[start.upperBound...].split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
            if fields.count == 4 { text = String(fields[3]) }
        } else if text.hasPrefix("Error:") {
            text = String(text.dropFirst("Error:".count))
        }
        if let location = text.range(of: " at ") { text = String(text[..<location.lowerBound]) }
        text = text.trimmingCharacters(in: .whitespaces)
        guard text.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) else { return text }
        // BoringSSL's names for alerts the peer sent: the peer refused us, and says why.
        for prefix in ["SSLV3_ALERT_", "TLSV1_ALERT_"] where text.hasPrefix(prefix) {
            return "refused by the peer (alert: \(words(text.dropFirst(prefix.count))))"
        }
        return words(text[...])
    }

    private static func words(_ name: Substring) -> String {
        name.lowercased().replacingOccurrences(of: "_", with: " ")
    }

    /// BoringSSL says only that verification failed; the certificate's dates tell the commonest cause.
    private static func verificationFailure(_ certificate: NIOSSLCertificate?, now: Date) -> String {
        guard let certificate else { return "certificate verify failed" }
        let seconds = Int(now.timeIntervalSince1970)
        if Int(certificate.notValidAfter) < seconds {
            return "certificate has expired (not valid after \(timestamp(certificate.notValidAfter)))"
        }
        if Int(certificate.notValidBefore) > seconds {
            return "certificate is not yet valid (not before \(timestamp(certificate.notValidBefore)))"
        }
        return "certificate verify failed: not issued by a trusted CA, or its chain is invalid"
    }

    private static func timestamp(_ time: time_t) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(time)))
    }
}
