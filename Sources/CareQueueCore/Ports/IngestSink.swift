import Foundation

/// Where the listener hands messages: the store's group-commit writer (or a test double).
public protocol IngestSink: Sendable {
    /// Queues `item`; `completion` runs once, after the item is durably stored or failed. Never blocks.
    func submit(_ item: IngestItem, completion: @escaping @Sendable (Result<IngestOutcome, StoreFailure>) -> Void)
}
