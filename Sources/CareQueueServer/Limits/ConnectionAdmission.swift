import Synchronization

/// Counts open connections in all and per peer address, and says when one more is one too many.
///
/// A lab engine that opens connections in a loop (a reconnect bug, or a hostile peer) must not use
/// up the listener's sockets and memory while a legitimate sender keeps its ACKs.
final class ConnectionAdmission: Sendable {
    enum Refusal: Equatable, CustomStringConvertible {
        case tooManyInAll(limit: Int)
        case tooManyFromPeer(limit: Int)

        var description: String {
            switch self {
            case .tooManyInAll(let limit): return "\(limit) connections already open ([listener] max_connections)"
            case .tooManyFromPeer(let limit):
                return "\(limit) connections already open from this address ([listener] max_connections_per_peer)"
            }
        }
    }

    private struct Counts {
        var total = 0
        var byPeer: [String: Int] = [:]
    }

    private let maxConnections: Int
    private let maxPerPeer: Int
    private let counts = Mutex(Counts())

    init(maxConnections: Int, maxPerPeer: Int) {
        self.maxConnections = maxConnections
        self.maxPerPeer = maxPerPeer
    }

    /// Counts the connection in when there is room (the caller must `release` it once closed).
    func admit(peer: String) -> Refusal? {
        counts.withLock { counts in
            if counts.total >= maxConnections { return .tooManyInAll(limit: maxConnections) }
            if counts.byPeer[peer, default: 0] >= maxPerPeer { return .tooManyFromPeer(limit: maxPerPeer) }
            counts.total += 1
            counts.byPeer[peer, default: 0] += 1
            return nil
        }
    }

    func release(peer: String) {
        counts.withLock { counts in
            counts.total -= 1
            let left = counts.byPeer[peer, default: 1] - 1
            counts.byPeer[peer] = left > 0 ? left : nil
        }
    }

    var openConnections: Int { counts.withLock { $0.total } }
}
