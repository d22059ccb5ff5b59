import Foundation

/// An audit row's details JSON, read the way a reviewer would: as a dictionary of nested objects.
public struct AuditDetails {
    private let object: [String: Any]

    public init(_ text: String) {
        object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    private init(object: [String: Any]) { self.object = object }

    /// The member `key` when it is a string.
    public func string(_ key: String) -> String? { object[key] as? String }

    /// The member `key` when it is an object.
    public subscript(key: String) -> AuditDetails? {
        (object[key] as? [String: Any]).map(AuditDetails.init(object:))
    }
}
