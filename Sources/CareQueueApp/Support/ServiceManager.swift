#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation

/// systemd's readiness protocol (sd_notify) without libsystemd: one datagram of `KEY=value` lines
/// to the socket `$NOTIFY_SOCKET` names (a path, or `@name` for the abstract namespace). Without
/// that variable (not started by systemd with `Type=notify`) nothing is sent.
public enum ServiceManager {
    /// Sends `state` (e.g. "READY=1\nSTATUS=listening on 127.0.0.1:2575"); true when sent.
    @discardableResult
    public static func notify(_ state: String,
                              environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard let target = environment["NOTIFY_SOCKET"], !target.isEmpty,
              target.hasPrefix("/") || target.hasPrefix("@") else { return false }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(target.utf8)
        // An abstract socket's name starts with a NUL where the `@` stands.
        if path[0] == UInt8(ascii: "@") { path[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count)
        #if canImport(Glibc)
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let fd = socket(AF_UNIX, SOCK_DGRAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let message = Array(state.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                message.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, 0, socketAddress, length) }
            }
        }
        return sent == message.count
    }

    /// "MONOTONIC_USEC=…", which systemd wants beside RELOADING=1.
    public static var monotonicMicroseconds: String {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return "MONOTONIC_USEC=\(Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000)"
    }
}
