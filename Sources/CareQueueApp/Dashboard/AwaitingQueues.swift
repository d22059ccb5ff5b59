import CareQueueCore
import CareQueueStore

/// Which queue an awaiting order belongs to: its ordering provider's when that provider is on the
/// roster as one who orders tests, else Unassigned (as a result for them would be).
enum AwaitingQueues {
    /// The roster's physicians, NPs and PAs: the providers whose orders have a queue of their own.
    static func orderers(_ providers: [Provider]) -> Set<String> {
        Set(providers.filter { $0.role.ordersTests }.map(\.npi))
    }

    static func key(orderedBy npi: String?, orderers: Set<String>) -> QueueKey {
        guard let npi, orderers.contains(npi) else { return .unassigned }
        return .provider(npi: npi)
    }

    /// The store's scope for the view's.
    static func scope(_ scope: AwaitingScope, orderers: Set<String>) -> OrdererScope {
        switch scope {
        case .all: return .all
        case .queue(.provider(let npi)) where orderers.contains(npi): return .orderedBy(npi: npi)
        // A queue off the roster holds no orders (they are Unassigned's): a scope matching none.
        case .queue(.provider): return .orderedBy(npi: "")
        case .queue(.unassigned): return .orderedByNone(of: orderers.sorted())
        }
    }

    /// Each queue's awaiting and late counts, off the counts per ordering provider.
    static func byQueue(_ counts: AwaitingCounts, orderers: Set<String>) -> [QueueKey: (awaiting: Int, late: Int)] {
        counts.counts.reduce(into: [:]) { byQueue, count in
            let key = key(orderedBy: count.orderingNPI, orderers: orderers)
            let sum = byQueue[key] ?? (0, 0)
            byQueue[key] = (sum.awaiting + count.awaiting, sum.late + count.late)
        }
    }
}
