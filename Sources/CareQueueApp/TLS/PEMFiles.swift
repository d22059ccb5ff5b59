import Foundation
import NIOSSL

/// Reads the PEM files TLS needs, with errors that name the setting (or flag) and the file instead
/// of NIOSSL's internals; a private key others can read is refused.
enum PEMFiles {
    /// Every certificate in `path`: a chain (leaf first) or a bundle of CAs.
    static func certificates(_ path: String, setting: String) throws(CommandFailure) -> [NIOSSLCertificate] {
        let bytes = try contents(path, setting: setting)
        let certificates = (try? NIOSSLCertificate.fromPEMBytes(bytes)) ?? []
        guard !certificates.isEmpty else {
            throw CommandFailure("\(setting) \(path) holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
        }
        return certificates
    }

    /// The private key in `path`, which only its owner may read.
    static func privateKey(_ path: String, setting: String) throws(CommandFailure) -> NIOSSLPrivateKey {
        try checkPrivate(path, setting: setting)
        let bytes = try contents(path, setting: setting)
        do {
            return try NIOSSLPrivateKey(bytes: bytes, format: .pem)
        } catch {
            throw CommandFailure("\(setting) \(path) holds no unencrypted PEM private key (-----BEGIN PRIVATE KEY-----)")
        }
    }

    /// Refuses a key file that group or others may read: whoever reads it can pose as this host.
    static func checkPrivate(_ path: String, setting: String) throws(CommandFailure) {
        var status = stat()
        guard stat(path, &status) == 0 else { throw unreadable(path, setting: setting) }
        let mode = status.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw CommandFailure("\(setting) \(path) may be read by group or others (mode \(String(mode, radix: 8))); "
                + "run `chmod 600 \(path)`")
        }
    }

    private static func contents(_ path: String, setting: String) throws(CommandFailure) -> [UInt8] {
        do {
            return try FileReading.bytes(atPath: path)
        } catch {
            throw unreadable(path, setting: setting, reason: error.reason)
        }
    }

    private static func unreadable(_ path: String, setting: String, reason: String? = nil) -> CommandFailure {
        guard FileManager.default.fileExists(atPath: path) else { return CommandFailure("\(setting) \(path) does not exist") }
        return CommandFailure("\(setting) \(path) cannot be read" + (reason.map { ": \($0)" } ?? ""))
    }
}
