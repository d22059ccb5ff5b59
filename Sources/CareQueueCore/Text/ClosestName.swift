/// "did you mean …?" for a misspelt name: the closest of the valid names, when it is close enough
/// to be the one meant (a transposition or a dropped letter, not a different word).
public enum ClosestName {
    public static func suggestion(for word: String, among names: [String]) -> String? {
        let closest = names.min { editDistance(word, $0) < editDistance(word, $1) }
        guard let closest, editDistance(word, closest) <= max(2, word.count / 4) else { return nil }
        return closest
    }

    /// Levenshtein distance: insertions, deletions and substitutions.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
