/// The roster a dry run routes by: the stored one with a roster or coverage file laid over it as
/// `roster import` and `coverage import` would (providers upserted by NPI, coverage rows added),
/// so a file can be tried before it is imported.
public enum TrialRoster {
    public static func combine(providers stored: [Provider], coverage storedCoverage: [Coverage],
                               rosterFile: RosterImport.Contents?, coverageFile: [Coverage]?) -> Roster {
        var providers = Dictionary(stored.map { ($0.npi, $0) }, uniquingKeysWith: { _, last in last })
        for var provider in rosterFile?.providers ?? [] {
            // A file without the `active` column leaves who is retired alone.
            if let known = providers[provider.npi], rosterFile?.namesActive == false { provider.active = known.active }
            providers[provider.npi] = provider
        }
        var coverage = storedCoverage
        for row in coverageFile ?? [] where !coverage.contains(row) { coverage.append(row) }
        return Roster(providers: providers.values.sorted { $0.npi < $1.npi }, coverage: coverage)
    }
}
