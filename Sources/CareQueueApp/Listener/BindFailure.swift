import Foundation
import NIOCore

/// Why the listener could not take its address, in the words an interface analyst searches for,
/// instead of NIO's `bind(descriptor:ptr:bytes:) … (errno: 99)`.
enum BindFailure {
    static func describe(_ error: any Error, host: String, port: Int) -> String {
        let address = "\(host):\(port)"
        if let error = error as? IOError {
            switch error.errnoCode {
            case EADDRINUSE:
                return "port \(port) on \(host) is already in use (is another listener running?)"
            case EADDRNOTAVAIL:
                return "cannot listen on \(address): address not available (no network interface of this machine has \(host))"
            case EACCES, EPERM:
                return "cannot listen on \(address): permission denied"
                    + (port < 1024 ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE; use 2575)" : "")
            default:
                return "cannot listen on \(address): \(String(cString: strerror(error.errnoCode)))"
            }
        }
        if error is SocketAddressError {
            return "cannot listen on \(address): \(host) is not an address or a name this machine can resolve"
        }
        return "cannot listen on \(address): \(error)"
    }
}
