/// The themes compiled into the program. `Themes/*.theme` in the repository hold the same text.
extension Theme {
    /// The default theme; sets every known role, and is the fallback for roles other themes omit.
    public static let standard = builtIn("default", BuiltInThemeText.standardPalette, BuiltInThemeText.standardRoles)

    /// Bold ANSI colours on black, for low-vision users and washed-out screens.
    public static let highContrast = builtIn("high-contrast", [:], BuiltInThemeText.highContrastRoles)

    /// Attributes only; used whenever the terminal has no colours or `NO_COLOR` is set.
    /// Urgency and age stay distinguishable by dim, underline, bold and reverse.
    public static let monochrome = builtIn("monochrome", [:], BuiltInThemeText.monochromeRoles)

    /// The built-in themes by name (`[ui] theme = "high-contrast"`).
    public static let builtIns: [String: Theme] = [
        standard.name: standard, highContrast.name: highContrast, monochrome.name: monochrome,
    ]

    private static func builtIn(_ name: String, _ palette: [String: String], _ roles: [StyleRole: String]) -> Theme {
        do {
            return try Theme.build(name: name, palette: palette, roles: roles)
        } catch {
            // The tables below are constants checked by the theme tests; this cannot happen at run time.
            preconditionFailure("built-in theme \(name) is invalid: \(error.message)")
        }
    }
}

/// The built-in themes as palette and role-spec text.
public enum BuiltInThemeText {
    public static let standardPalette: [String: String] = [
        "text_bright": "#eeeeee",
        "muted": "#8a8a8a",
        "accent": "#00afd7",
        "header_bg": "#005f87",
        "panel": "#303030",
        "field": "#444444",
        "selection": "#005f5f",
        "fresh": "#5faf5f",
        "halfway": "#d7af00",
        "due_soon": "#ff8700",
        "danger": "#d70000",
    ]

    public static let standardRoles: [StyleRole: String] = [
        .normal: "default",
        .header: "text_bright on header_bg bold",
        .headerWarning: "black on halfway bold",
        .border: "muted",
        .title: "accent bold",
        .provider: "default",
        .providerSelected: "black on accent bold",
        .providerUnassigned: "due_soon bold",
        .queueHeader: "muted bold underline",
        .queueCritical: "danger bold",
        .queueAbnormal: "halfway bold",
        .queueRoutine: "muted",
        .queueSelected: "text_bright on selection bold",
        .queueEmpty: "muted italic",
        .queueWaiting: "muted",
        .ageFresh: "fresh",
        .ageHalfway: "halfway",
        .ageDueSoon: "due_soon bold",
        .ageOverdue: "danger bold",
        .ageEscalated: "text_bright on danger bold",
        .detailLabel: "muted",
        .detailValue: "default",
        .detailTitle: "accent bold",
        .dialog: "default on panel",
        .dialogTitle: "accent on panel bold",
        .dialogBorder: "accent on panel",
        .dialogSelected: "black on accent bold",
        .input: "text_bright on field underline",
        .message: "fresh",
        .error: "text_bright on danger bold",
        .ticker: "muted",
        .tickerCritical: "danger bold",
        .hint: "muted",
        .hintKey: "accent bold",
        .help: "default",
        .helpKey: "accent bold",
        .board: "default",
        .boardHeader: "accent bold underline",
        .boardOverdue: "danger bold",
        .boardTotal: "accent bold",
        .boardAlert: "text_bright on danger bold",
        .review: "due_soon bold",
    ]

    public static let highContrastRoles: [StyleRole: String] = [
        .normal: "bright-white on black",
        .header: "black on bright-white bold",
        .headerWarning: "black on bright-yellow bold",
        .border: "white on black",
        .title: "bright-white on black bold underline",
        .provider: "bright-white on black",
        .providerSelected: "black on bright-cyan bold",
        .providerUnassigned: "bright-yellow on black bold",
        .queueHeader: "bright-white on black bold underline",
        .queueCritical: "bright-white on red bold",
        .queueAbnormal: "bright-yellow on black bold",
        .queueRoutine: "white on black",
        .queueSelected: "black on bright-white bold",
        .queueEmpty: "white on black italic",
        .queueWaiting: "white on black italic",
        .ageFresh: "bright-green on black",
        .ageHalfway: "bright-yellow on black",
        .ageDueSoon: "bright-yellow on black bold underline",
        .ageOverdue: "bright-red on black bold",
        .ageEscalated: "bright-white on red bold",
        .detailLabel: "bright-cyan on black",
        .detailValue: "bright-white on black",
        .detailTitle: "bright-white on black bold underline",
        .dialog: "bright-white on blue",
        .dialogTitle: "bright-yellow on blue bold",
        .dialogBorder: "bright-white on blue bold",
        .dialogSelected: "black on bright-yellow bold",
        .input: "black on bright-white",
        .message: "bright-green on black bold",
        .error: "bright-white on red bold",
        .ticker: "bright-white on black",
        .tickerCritical: "bright-white on red bold",
        .hint: "bright-white on black",
        .hintKey: "black on bright-cyan bold",
        .help: "bright-white on black",
        .helpKey: "bright-cyan on black bold",
        .board: "bright-white on black",
        .boardHeader: "bright-white on black bold underline",
        .boardOverdue: "bright-red on black bold",
        .boardTotal: "bright-white on black bold",
        .boardAlert: "bright-white on red bold",
        .review: "black on bright-yellow bold",
    ]

    public static let monochromeRoles: [StyleRole: String] = [
        .normal: "default",
        .header: "default reverse bold",
        .headerWarning: "default reverse bold underline",
        .border: "default dim",
        .title: "default bold",
        .provider: "default",
        .providerSelected: "default reverse",
        .providerUnassigned: "default bold",
        .queueHeader: "default underline",
        .queueCritical: "default bold reverse",
        .queueAbnormal: "default bold",
        .queueRoutine: "default",
        .queueSelected: "default reverse",
        .queueEmpty: "default dim",
        .queueWaiting: "default dim",
        .ageFresh: "default dim",
        .ageHalfway: "default",
        .ageDueSoon: "default underline",
        .ageOverdue: "default bold",
        .ageEscalated: "default bold reverse",
        .detailLabel: "default dim",
        .detailValue: "default",
        .detailTitle: "default bold",
        .dialog: "default",
        .dialogTitle: "default bold",
        .dialogBorder: "default bold",
        .dialogSelected: "default reverse",
        .input: "default underline",
        .message: "default bold",
        .error: "default reverse bold",
        .ticker: "default",
        .tickerCritical: "default bold reverse",
        .hint: "default dim",
        .hintKey: "default bold",
        .help: "default",
        .helpKey: "default bold",
        .board: "default",
        .boardHeader: "default bold underline",
        .boardOverdue: "default bold",
        .boardTotal: "default bold",
        .boardAlert: "default reverse bold",
        .review: "default bold",
    ]
}
