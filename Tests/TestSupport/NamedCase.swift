import Testing

/// A table-test row whose name Swift Testing shows for the case.
public struct Named<Input: Sendable, Expected: Sendable>: Sendable, CustomTestStringConvertible {
    public let name: String
    public let input: Input
    public let expected: Expected

    public init(_ name: String, _ input: Input, _ expected: Expected) {
        self.name = name
        self.input = input
        self.expected = expected
    }

    public var testDescription: String { name }
}

/// Valid NPIs (Luhn over 80840 + the first nine digits), for fixtures.
public enum TestNPI {
    public static let a = "1234567893"
    public static let b = "1111111112"
    public static let c = "2222222228"
    public static let d = "9876543213"
    public static let e = "1000000004"
    public static let f = "5550001114"
    /// Ten digits that fail the check digit.
    public static let badCheck = "1234567890"
}
