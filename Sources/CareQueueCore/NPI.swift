import HL7

/// National Provider Identifier checks (CMS: Luhn over the prefix 80840 + the first nine digits).
public enum NPI {
    /// True for ten ASCII digits whose last digit is the Luhn check digit of `80840` + the first nine.
    public static func isValid(_ candidate: String) -> Bool { NPICheck.isValid(candidate) }

    /// The check digit for nine leading NPI digits.
    public static func checkDigit(forFirstNine nine: [Int]) -> Int {
        // Doubling every second digit from the right of the payload (the check digit's neighbour
        // first); the 80840 prefix contributes a constant 24 to the sum.
        var sum = 24
        for (offset, digit) in nine.reversed().enumerated() {
            if offset % 2 == 0 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return (10 - sum % 10) % 10
    }
}
