import Testing

/// A table-test row whose name Swift Testing shows for the case.
struct Named<Input: Sendable, Expected: Sendable>: Sendable, CustomTestStringConvertible {
    let name: String
    let input: Input
    let expected: Expected

    init(_ name: String, _ input: Input, _ expected: Expected) {
        self.name = name
        self.input = input
        self.expected = expected
    }

    var testDescription: String { name }
}

/// Valid NPIs (Luhn over 80840 + the first nine digits), for fixtures.
enum TestNPI {
    static let a = "1234567893"
    static let b = "1111111112"
    static let c = "2222222228"
    static let d = "9876543213"
    static let e = "1000000004"
    static let f = "5550001114"
    /// Ten digits that fail the check digit.
    static let badCheck = "1234567890"
}
