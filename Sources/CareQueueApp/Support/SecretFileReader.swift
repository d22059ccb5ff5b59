import CareQueueCore
import Foundation
import Glibc

/// Reads a password file for `PostgresPassword`, with what libpq looks at before trusting one:
/// a plain file, and its mode bits for group and others.
public enum SecretFileReader {
    public static func read(_ path: String) -> SecretFile {
        var status = stat()
        guard stat(path, &status) == 0 else {
            return errno == ENOENT ? .missing : .unreadable(reason: String(cString: strerror(errno)))
        }
        let isRegular = status.st_mode & S_IFMT == S_IFREG
        let shared = status.st_mode & (S_IRWXG | S_IRWXO) != 0
        // Not read when it would be ignored: a directory, or a .pgpass others could read.
        guard isRegular else { return .read(text: "", isRegularFile: false, groupOrWorldAccess: shared) }
        do {
            let bytes = try FileReading.bytes(atPath: path)
            guard let text = String(validating: bytes, as: UTF8.self) else { return .unreadable(reason: "not UTF-8 text") }
            return .read(text: text, isRegularFile: true, groupOrWorldAccess: shared)
        } catch {
            return .unreadable(reason: error.reason)
        }
    }
}
