/// What a task is about: a result that arrived, or an order whose result never did.
public enum TaskKind: String, Sendable, Codable, CaseIterable {
    /// A result (or a consult note) that arrived: the patient may need to hear of it.
    case result
    /// An order or referral still unresulted past its expected time (`[turnaround]`): someone
    /// must find out why. Provider sign-off does not gate it; there is no result to review.
    case missingResult = "missing-result"
}
