import HL7

/// National Provider Identifier checks (CMS: Luhn over the prefix 80840 + the first nine digits).
public enum NPI {
    /// True for ten ASCII digits whose last digit is the Luhn check digit of `80840` + the first nine.
    public static func isValid(_ candidate: String) -> Bool { NPICheck.isValid(candidate) }

    /// The check digit for nine leading NPI digits.
    public static func checkDigit(forFirstNine nine: [Int]) -> Int { NPICheck.checkDigit(forFirstNine: nine) }
}
