import CareQueueCore
import Foundation
import GRDB

/// Stores one `IngestItem` inside the ACK's transaction: the raw message, or a review-list row
/// for a refused one. The duplicate and reuse checks and every AE/AR decision happen here, before
/// the commit; the tasks an accepted message makes are derived after it (`TaskDerivation`).
struct MessageIngest {
    let connection: any SQLConnection
    /// Commit time of the group, whole seconds.
    let now: Date
    let audit: LazyAuditTrail
    let reusedControlID: CareQueueConfig.ReusedControlID
    /// Identities (`identityLockText`) whose advisory lock the group already holds (PostgreSQL):
    /// not taken again, which would cost a round trip and change nothing.
    var lockedIdentities: Set<String> = []

    /// What was stored: the outcome for the ACK, and the new row's id (nil for a duplicate).
    func ingest(_ item: IngestItem) throws -> (outcome: IngestOutcome, messageID: Int64?) {
        if let identity = item.content.acceptedIdentity {
            return try accept(item, sender: identity.sender, controlID: identity.controlID, version: identity.version)
        }
        guard case .refused(let refusal) = item.content else { preconditionFailure("only a refusal has no identity") }
        return try refuse(item, refusal, original: nil)
    }

    /// Stores a message that passed every check: AA, unless it repeats one already stored (AA, and
    /// nothing new) or reuses a control id for other content (AE 205 unless configured otherwise).
    private func accept(_ item: IngestItem, sender: SenderID, controlID: String,
                        version: String) throws -> (outcome: IngestOutcome, messageID: Int64?) {
        var reuseOf: Int64?
        if let original = try originalMessageID(sender, controlID) {
            if let same = try sameMessage(item.raw, original: original) {
                try audit.trail().append(at: now, user: Self.actor(sender), action: "message.duplicate",
                                         taskID: nil, details: ["message_id": String(same),
                                                                "control_id": controlID, "peer": item.peer], connection)
                return (.duplicate, nil)
            }
            switch reusedControlID {
            case .refuse:
                return try refuse(item, Self.reuseRefusal(original: original), original: original)
            case .accept:
                reuseOf = original
            }
        }
        let messageID = try insertAcceptedMessage(item, sender: sender, controlID: controlID, version: version,
                                                  original: reuseOf)
        if let reuseOf {
            try audit.trail().append(at: now, user: Self.actor(sender), action: "message.control_id_reused",
                                     taskID: nil, details: ["message_id": String(messageID),
                                                            "original_message_id": String(reuseOf),
                                                            "control_id": controlID], connection)
        }
        return (.accepted(messageID: messageID), messageID)
    }

    /// AE 205 for a known sender and control id carrying different content.
    static func reuseRefusal(original: Int64) -> Refusal {
        Refusal.controlIDReused(original: "message \(original)")
    }

    private func refuse(_ item: IngestItem, _ refusal: Refusal,
                        original: Int64?) throws -> (outcome: IngestOutcome, messageID: Int64?) {
        let messageID = try insertMessage(item, sender: item.sender, controlID: item.controlID, version: nil,
                                          ackCode: refusal.kind.rawValue, refusal: refusal, original: original)
        var details = ["message_id": String(messageID), "ack_code": refusal.kind.rawValue,
                       "error_code": String(refusal.code.rawValue)]
        if let original { details["original_message_id"] = String(original) }
        try audit.trail().append(at: now, user: Self.actor(item.sender), action: "message.refused", taskID: nil,
                                 details: details, connection)
        return (.refused(refusal), messageID)
    }

    /// The accepted message first stored under this sender and control id.
    ///
    /// On PostgreSQL, listeners on other hosts may be storing the same resend right now: an advisory
    /// lock on the identity, held to COMMIT, makes the look and the insert one step, so the second
    /// listener waits, then finds the first one's row and answers it as a duplicate.
    private func originalMessageID(_ sender: SenderID, _ controlID: String) throws -> Int64? {
        let identity = Self.identityLockText(sender, controlID)
        if !lockedIdentities.contains(identity) { try connection.lockForTransaction(named: identity) }
        return try Self.originalMessageID(sender, controlID, connection)
    }

    /// The accepted message first stored under this sender and control id (also read by `rules try`).
    static func originalMessageID(_ sender: SenderID, _ controlID: String, _ connection: any SQLConnection) throws -> Int64? {
        try connection.value(Int64.self, IngestSQL.findOriginal) {
            $0.add(sender.application)
            $0.add(sender.facility)
            $0.add(controlID)
        }
    }

    static func originalMessageID(_ sender: SenderID, _ controlID: String, _ db: Database) throws -> Int64? {
        try originalMessageID(sender, controlID, SQLiteConnection(db))
    }

    /// One text per identity, unambiguous whatever the fields hold (each is length-prefixed).
    static func identityLockText(_ sender: SenderID, _ controlID: String) -> String {
        [sender.application, sender.facility, controlID].map { "\($0.utf8.count):\($0)" }.joined()
    }

    /// The stored message `raw` repeats — the original or an accepted reuse of its id — if any.
    ///
    /// Only runs when the control id is already known (resends), so reading the raw bytes back is
    /// rare; comparing whole messages rather than digests means no crafted collision can pass a
    /// different result off as a resend.
    ///
    /// A message whose bytes retention purged is compared by the digest it left instead.
    private func sameMessage(_ raw: [UInt8], original: Int64) throws -> Int64? {
        try Self.sameMessage(raw, original: original, connection)
    }

    static func sameMessage(_ raw: [UInt8], original: Int64, _ db: Database) throws -> Int64? {
        try sameMessage(raw, original: original, SQLiteConnection(db))
    }

    /// `sameMessage` on any connection (also read by `rules try`).
    static func sameMessage(_ raw: [UInt8], original: Int64, _ connection: any SQLConnection) throws -> Int64? {
        let stored = try connection.fetchAll("""
            SELECT id, raw, raw_digest FROM messages WHERE id = ?
            UNION ALL
            SELECT id, raw, raw_digest FROM messages WHERE original_message_id = ? AND ack_code IN ('AA', 'CA')
            ORDER BY id
            """) {
            $0.add(original)
            $0.add(original)
        }.map(MessageRecord.Bytes.init)
        let normalized = SameMessage.normalized(raw)
        var digest: String?
        for message in stored {
            if let purged = message.purgedDigest {
                digest = digest ?? PurgedMessageDigest.hex(raw)
                if purged == digest { return message.id }
            } else if SameMessage.normalized(message.raw) == normalized {
                return message.id
            }
        }
        return nil
    }

    /// Stores an accepted message and queues it for derivation: on PostgreSQL in one statement
    /// (`IngestSQL.insertQueuedMessage`), one round trip instead of two.
    private func insertAcceptedMessage(_ item: IngestItem, sender: SenderID, controlID: String, version: String,
                                       original: Int64?) throws -> Int64 {
        guard connection.dialect == .postgres else {
            let messageID = try insertMessage(item, sender: sender, controlID: controlID, version: version,
                                              ackCode: "AA", refusal: nil, original: original)
            try DerivationQueue.enqueue(messageID, connection)
            return messageID
        }
        guard let messageID = try connection.value(Int64.self, IngestSQL.insertQueuedMessage, {
            Self.bindMessage(item, sender: sender, controlID: controlID, version: version, ackCode: "AA", refusal: nil,
                             original: original, &$0)
        }) else {
            throw StoreError.postgres(sqlState: "", message: "an insert returned no id")
        }
        return messageID
    }

    private func insertMessage(_ item: IngestItem, sender: SenderID?, controlID: String?, version: String?,
                               ackCode: String, refusal: Refusal?, original: Int64?) throws -> Int64 {
        try connection.insertReturningID(IngestSQL.insertMessage) {
            Self.bindMessage(item, sender: sender, controlID: controlID, version: version, ackCode: ackCode,
                             refusal: refusal, original: original, &$0)
        }
    }

    /// `IngestSQL.insertMessage`'s values, in its column order.
    private static func bindMessage(_ item: IngestItem, sender: SenderID?, controlID: String?, version: String?,
                                    ackCode: String, refusal: Refusal?, original: Int64?, _ values: inout SQLBindings) {
        values.add(StoreTime.text(item.receivedAt))
        values.add(item.peer)
        values.add(sender?.application)
        values.add(sender?.facility)
        values.add(controlID)
        values.add(version)
        values.add(item.raw)
        values.add(ackCode)
        values.add(refusal?.code.rawValue)
        values.add(refusal?.reason)
        values.add(refusal?.location)
        values.add(original)
        values.add(item.charsetWarning)
    }

    /// The audit `user` for what a message did: the lab that sent it.
    static func actor(_ sender: SenderID?) -> String {
        sender.map { "lab:\($0.display)" } ?? "listener"
    }
}
