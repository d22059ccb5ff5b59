import Foundation

/// A tracked referral as a consult note needs it: what to close, whom to route to, what to call it.
public struct ReferralOnFile: Sendable, Equatable {
    /// The `orders` row; nil for a referral only a dry run (`rules try`) has seen.
    public var id: Int64?
    public var mrn: String
    public var placerNumber: String
    /// The reason's text, else its code.
    public var reason: String
    public var referringNPI: String?
    /// `ordered`, `final`, `cancelled` …
    public var state: String

    public init(id: Int64?, mrn: String, placerNumber: String, reason: String, referringNPI: String?, state: String) {
        self.id = id
        self.mrn = mrn
        self.placerNumber = placerNumber
        self.reason = reason
        self.referringNPI = referringNPI
        self.state = state
    }

    /// The referring provider as routing reads it (an NPI is kept only when the referral named one).
    public var referringProvider: ProviderReference? {
        referringNPI.map { ProviderReference(id: $0, idType: "NPI", isNPI: true, source: .referral) }
    }
}

/// Where tracked referrals and lab orders are looked up: the store, or a dry run's memory over it.
public protocol ReferralLookup {
    /// The first of `ids` tracked as a referral of patient `mrn` (the earliest tracked when several).
    func referral(mrn: String, ids: [String]) throws -> ReferralOnFile?
    /// A lab order is tracked under this number: its results are the order's, not consult notes.
    func isLabOrder(mrn: String, placer: String) throws -> Bool
}

/// What makes a message a consult note, and what it answers: the referral it closes (nil when none
/// is on file), and how its task is named and routed — to the referral's referring provider, else
/// to the provider the note itself names.
public struct ConsultNoteMatch: Sendable, Equatable {
    public var referral: ReferralOnFile?
    /// The note as its task keeps it: the referral's reason as its test text.
    public var order: OrderResult
    public var provider: ProviderReference?

    public func reason(_ tier: Urgency) -> String {
        referral == nil ? ConsultNoteRule.unmatchedReason(tier) : ConsultNoteRule.reviewReason(tier)
    }
}

/// Matches consult notes to tracked referrals: the same patient (MRN) and the referral id — named
/// by a document (ORC-2, OBR-2, TXA-14), or by a result's placer number (OBR-2/ORC-2) when no lab
/// order is tracked under it. The sending system need not be the same. Ingest and `rules try`
/// both decide here.
public enum ConsultNoteMatching {
    /// The consult note `order` of patient `mrn` is, if it is one. `documentReferralIDs` is nil for a
    /// result (a consult note only when its placer number names a tracked referral) and the ids a
    /// document names otherwise (always a note, on file or not).
    public static func match(_ order: OrderResult, mrn: String, documentReferralIDs: [String]?,
                             lookup: some ReferralLookup) throws -> ConsultNoteMatch? {
        let referral: ReferralOnFile?
        if let ids = documentReferralIDs {
            referral = try lookup.referral(mrn: mrn, ids: ids)
        } else {
            // Most results name no referral: that one probe is all they cost.
            guard let placer = order.placerNumber, let found = try lookup.referral(mrn: mrn, ids: [placer]),
                  try !lookup.isLabOrder(mrn: mrn, placer: placer) else { return nil }
            referral = found
        }
        var order = order
        if let referral { order.serviceText = referral.reason }
        return ConsultNoteMatch(referral: referral, order: order, provider: referral?.referringProvider ?? order.orderingProvider)
    }
}
