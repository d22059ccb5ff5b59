#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix
import NIOSSL

/// Why an `MLLPClient` could not connect or deliver, with the peer it was talking to.
///
/// The description names only the peer and the failure, never message content, so it may be logged.
public struct MLLPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// Nothing listens on the port (ECONNREFUSED).
        case connectionRefused
        /// The connection was not established within the connect timeout.
        case connectTimedOut
        /// The host name did not resolve.
        case hostNotFound
        /// The peer reset the connection (ECONNRESET, EPIPE).
        case connectionReset
        /// The peer closed the connection before it answered.
        case connectionClosed
        /// The reply frame was larger than the client accepts.
        case replyTooLarge
        /// TLS could not be set up (or the server refused it), with the reason in words.
        case tlsHandshakeFailed(String)
        /// `close()` was called on the client.
        case clientClosed
        /// Any other socket failure, with the system's description.
        case other(String)
    }

    /// What went wrong.
    public var kind: Kind
    /// The host the client was given.
    public var host: String
    /// The port the client was given.
    public var port: Int

    /// Creates an error of `kind` for `host:port`.
    public init(_ kind: Kind, host: String, port: Int) {
        self.kind = kind
        self.host = host
        self.port = port
    }

    /// One line naming the failure and the peer.
    public var description: String {
        let peer = "\(host):\(port)"
        switch kind {
        case .connectionRefused: return "connection refused by \(peer)"
        case .connectTimedOut: return "timed out connecting to \(peer)"
        case .hostNotFound: return "cannot resolve host \(peer)"
        case .connectionReset: return "connection reset by \(peer)"
        case .connectionClosed: return "connection closed by \(peer) before it answered"
        case .replyTooLarge: return "reply from \(peer) is larger than the client accepts"
        case .tlsHandshakeFailed(let reason): return "TLS handshake with \(peer) failed: \(reason)"
        case .clientClosed: return "client for \(peer) is closed"
        case .other(let reason): return "connection to \(peer) failed: \(reason)"
        }
    }
}

extension MLLPClientError {
    /// Classifies a NIO or system error raised while talking to `host:port`.
    init(classifying error: any Error, host: String, port: Int) {
        self.init(Self.kind(of: error), host: host, port: port)
    }

    private static func kind(of error: any Error) -> Kind {
        switch error {
        case let error as MLLPClientError:
            return error.kind
        case let error as ReplyFailure:
            return error.kind
        case let error as NIOConnectionError:
            if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil {
                return .hostNotFound
            }
            let kinds = error.connectionErrors.map { kind(of: $0.error) }
            if kinds.contains(.connectionRefused) { return .connectionRefused }
            return kinds.first ?? .other(String(describing: error))
        case let error as IOError:
            switch error.errnoCode {
            case ECONNREFUSED: return .connectionRefused
            case ECONNRESET, EPIPE: return .connectionReset
            default: return .other(String(describing: error))
            }
        case let error as ChannelError:
            switch error {
            case .connectTimeout: return .connectTimedOut
            case .eof, .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed: return .connectionClosed
            default: return .other(String(describing: error))
            }
        case is SocketAddressError:
            return .hostNotFound
        case NIOSSLError.uncleanShutdown:
            return .connectionClosed
        // With TLS 1.3 the server checks a client certificate after the client's handshake is done,
        // so its refusal arrives as an alert while the client waits for the ACK.
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            return .tlsHandshakeFailed(TLSFailureReason.describe(error))
        default:
            return .other(String(describing: error))
        }
    }
}

/// How the reply handler reports a reply that cannot come: the connection ended, or the reply was too large.
struct ReplyFailure: Error {
    var kind: MLLPClientError.Kind
}
