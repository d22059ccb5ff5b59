import Foundation

/// The provider sign-off rule (DESIGN "a patient never hears of an abnormal result before a
/// provider reviewed it"), as pure functions of the task, the roster and the configuration.
public enum SignoffRule {
    /// The audit action of a sign-off.
    public static let auditAction = "task.signed-off"
    /// A sign-off that no longer stands: the result changed after it.
    public static let clearedAuditAction = "task.signoff-cleared"

    /// OBR-25 `X`: the lab cancelled the result, so there is nothing to review or tell.
    static let cancelledResultStatus = "X"

    /// Whether a result of `urgency` waits for sign-off under `required` (`[workflow] signoff_required`).
    /// A result the lab cancelled is not gated: there is no result to review.
    public static func isRequired(urgency: Urgency, resultStatus: String, required: [Urgency]) -> Bool {
        required.contains(urgency) && resultStatus != cancelledResultStatus
    }

    /// Whose sign-off the task waits for, by name: the provider whose queue holds it (the covering
    /// provider while coverage lasts), else the ordering provider, else "a provider".
    public static func awaitedProvider(assignedNPI: String?, orderingNPI: String?, names: [String: String]) -> String {
        for npi in [assignedNPI, orderingNPI].compactMap({ $0 }) {
            if let name = names[npi] { return name }
        }
        return [assignedNPI, orderingNPI].compactMap { $0 }.first.map { "NPI \($0)" } ?? "a provider"
    }

    /// Why `action` may not happen yet, or nil. Every patient-contact action waits: a call attempt,
    /// and every close a coordinator chooses — reached and portal-message tell the patient, and
    /// not-needed decides that the patient need not hear, which is the provider's call to make.
    /// Acknowledging (which stops the critical clock) and reassigning stay allowed.
    public static func refusal(of action: TaskAction, _ signoff: SignoffState) -> LifecycleRefusal? {
        guard signoff.isWaiting else { return nil }
        let provider = signoff.awaited
        let why: String
        switch action {
        case .attempt: why = "no call until \(provider) signs off the result"
        case .close(.notNeeded, _): why = "only the provider decides that the patient need not be contacted"
        case .close(let outcome, _) where CloseOutcome.chosenByPeople.contains(outcome):
            why = "the patient hears of this result only after \(provider) signs it off"
        default: return nil
        }
        return LifecycleRefusal("waiting for \(provider)'s sign-off: \(why)")
    }

    /// The roster person `account` (the process's operating-system account) signs as, or why they
    /// may not sign this task. Only the account counts: a `--user` label grants nothing.
    ///
    /// A signer is a physician, NP or PA whose roster `login` is `account` and who is the task's
    /// ordering provider, the provider whose queue holds it, the provider that one covers for, or
    /// the supervisor of any of them.
    public static func signer(account: String?, orderingNPI: String?, assignedNPI: String?, coveringForNPI: String?,
                              roster: Roster) -> Result<Provider, LifecycleRefusal> {
        guard let account, !account.isEmpty,
              let person = roster.providers.values.first(where: { $0.login == account }) else {
            guard let account, !account.isEmpty else {
                return .failure(LifecycleRefusal("this process's account is not a provider on the roster"))
            }
            let shown = UntrustedText.visible(account)
            return .failure(LifecycleRefusal("\(shown) is not a provider on the roster (no roster login is \(shown))"))
        }
        guard person.role.ordersTests else {
            return .failure(LifecycleRefusal("\(person.name) is a \(person.role.rawValue): only a physician, NP or PA signs off results"))
        }
        let providers = Set([orderingNPI, assignedNPI, coveringForNPI].compactMap { $0 })
        let supervisors = Set(providers.compactMap { roster.providers[$0]?.supervisorNPI })
        guard providers.contains(person.npi) || supervisors.contains(person.npi) else {
            return .failure(LifecycleRefusal(
                "\(person.name) is not the ordering, assigned or covering provider or their supervisor"))
        }
        return .success(person)
    }
}
