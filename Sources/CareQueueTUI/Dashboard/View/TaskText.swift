import CareQueueCore
import Foundation

/// How a task's facts read on screen: urgency words, values, ages and what happens next.
public enum TaskText {
    /// Urgency as text, never colour alone: `!! CRIT`, `!  ABN`, `   RTN`.
    public static func urgencyLabel(_ urgency: Urgency) -> String {
        switch urgency {
        case .critical: return "!! CRIT"
        case .abnormal: return "!  ABN"
        case .routine: return "   RTN"
        }
    }

    public static func urgencyRole(_ urgency: Urgency) -> StyleRole {
        switch urgency {
        case .critical: return .queueCritical
        case .abnormal: return .queueAbnormal
        case .routine: return .queueRoutine
        }
    }

    /// The style role of an age band.
    public static func role(_ band: AgeBand) -> StyleRole {
        switch band {
        case .fresh: return .ageFresh
        case .halfway: return .ageHalfway
        case .dueSoon: return .ageDueSoon
        case .overdue: return .ageOverdue
        case .escalated: return .ageEscalated
        }
    }

    /// The band `task` is in as of `now`.
    public static func band(_ task: TaskListItem, windows: CareQueueConfig.Windows, at now: Date) -> AgeBand {
        AgeBand.of(dueAt: task.dueAt, urgency: task.urgency, windows: windows, escalationLevel: task.escalationLevel,
                   at: now)
    }

    /// "Glucose 559 HH", "Culture Positive", "" — the deciding observation named, its value and flags
    /// (`TaskListItem.shownValue`, which `tasks list` shows too).
    public static func valueAndFlags(_ task: TaskListItem) -> String {
        task.shownValue.named
    }

    /// The named value when it fits in `width` cells; else the name cut to make room for the value
    /// and flags whole ("Glucose [Ma… 38 LL"); else the value and flags alone ("559 HH"). A row
    /// without a test column (the worklist's) still says what was measured.
    public static func value(_ task: TaskListItem, fitting width: Int) -> String {
        let shown = task.shownValue
        if ScreenText.width(shown.named) <= width { return shown.named }
        let room = width - ScreenText.width(shown.bare) - 1
        guard !shown.name.isEmpty, room >= 4 else { return shown.bare }
        return ScreenText.truncate(shown.name, toWidth: room) + " " + shown.bare
    }

    /// How many tasks find matched: "12", or "1000+" when counting stopped at its limit.
    public static func matchCount(_ page: QueuePage) -> String {
        MatchCount(page.total, isLowerBound: page.totalIsLowerBound).text
    }

    /// What find matched, for the title and the find line: "3 open matches", "12 open, 1000+
    /// closed matches", or — closed tasks asked for, the text too short to search them — "100+
    /// open matches · closed from 3 characters".
    static func matches(_ page: QueuePage, includingClosed: Bool) -> String {
        let noun = page.total == 1 && !page.totalIsLowerBound ? "match" : "matches"
        guard includingClosed else { return "\(matchCount(page)) open \(noun)" }
        guard let split = page.split else {
            return "\(matchCount(page)) open \(noun) · closed from \(SearchText.trigramLength) characters"
        }
        return "\(split.open.text) open, \(split.closed.text) closed \(noun)"
    }

    /// Time since the result arrived: "41m", "2h14".
    public static func age(_ task: TaskListItem, at now: Date) -> String {
        AgeText.compact(now.timeIntervalSince(task.receivedAt))
    }

    /// Time left on the running clock, "-12m" once overdue; "ack'd" or "—" once it stopped.
    public static func due(_ task: TaskListItem, at now: Date) -> String {
        if let dueAt = task.dueAt { return AgeText.compact(dueAt.timeIntervalSince(now)) }
        switch task.status {
        case .acknowledged: return "ack'd"
        case .closed: return "closed"
        case .open: return "—"
        }
    }

    /// The task as the escalation rules see it (the clock start follows from the due time).
    public static func escalationSubject(_ task: TaskListItem, windows: CareQueueConfig.Windows) -> EscalationSubject {
        let window = windows.window(for: task.urgency)
        return EscalationSubject(
            taskID: task.id, urgency: task.urgency, status: task.status, assignedNPI: task.assignedNPI,
            clockStartedAt: task.dueAt.map { $0.addingTimeInterval(-window) } ?? task.receivedAt,
            clockStoppedAt: task.dueAt == nil ? task.receivedAt : nil, level: task.escalationLevel)
    }

    /// Level now and what comes next, for a column: "L1 in 12m", "L1, L2 in 18m", "L2", "L1 stopped".
    public static func escalation(_ task: TaskListItem, windows: CareQueueConfig.Windows, at now: Date) -> String {
        let level = task.escalationLevel
        let current = level > 0 ? "L\(level)" : ""
        if task.status == .closed { return current.isEmpty ? "closed" : "\(current) closed" }
        if task.dueAt == nil { return current.isEmpty ? "stopped" : "\(current) stopped" }
        guard level < 2 else { return current }
        let subject = escalationSubject(task, windows: windows)
        let at = EscalationPolicy.threshold(level: level + 1, for: subject, windows: windows)
        let remaining = at.timeIntervalSince(now)
        let next = remaining <= 0 ? "L\(level + 1) now" : "L\(level + 1) in \(AgeText.compact(remaining))"
        return current.isEmpty ? next : "\(current), \(next)"
    }

    /// "for Dr Ortiz" when the task reached this queue through coverage; "" otherwise.
    public static func coveringFor(_ task: TaskListItem, names: [String: String]) -> String {
        guard let npi = task.coveringForNPI else { return "" }
        return "for \(names[npi] ?? npi)"
    }

    /// "14:05:09" in `timeZone`.
    public static func clock(_ date: Date, timeZone: TimeZone) -> String {
        let parts = components(date, timeZone)
        return pad(parts.hour) + ":" + pad(parts.minute) + ":" + pad(parts.second)
    }

    /// "14:05" in `timeZone`.
    public static func timeOfDay(_ date: Date, timeZone: TimeZone) -> String {
        let parts = components(date, timeZone)
        return pad(parts.hour) + ":" + pad(parts.minute)
    }

    /// "14:05" when `date` falls on `now`'s day in `timeZone`, else "03-01 14:05": a ticker line
    /// about a threshold passed days ago (an escalation caught up after a restart) must not read
    /// as one from this morning.
    public static func timeOfDay(_ date: Date, sameDayAs now: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let time = timeOfDay(date, timeZone: timeZone)
        guard !calendar.isDate(date, inSameDayAs: now) else { return time }
        let day = calendar.dateComponents([.month, .day], from: date)
        return pad(day.month ?? 0) + "-" + pad(day.day ?? 0) + " " + time
    }

    /// "08:00 Mon" in `timeZone`: a callback's time of day and weekday (callbacks are days ahead at most, as a rule).
    public static func callbackTime(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let weekday = ClinicWeekday.allCases[(calendar.component(.weekday, from: date) + 6) % 7].rawValue
        return timeOfDay(date, timeZone: timeZone) + " " + weekday.prefix(1).uppercased() + weekday.dropFirst()
    }

    /// "↻ 08:00 Mon" while a task waits for its callback; "↻ due" once its time has come; "" without one.
    public static func callback(_ task: TaskListItem, timeZone: TimeZone, at now: Date) -> String {
        guard let callbackAt = task.callbackAt else { return "" }
        return callbackAt <= now ? "↻ due" : "↻ " + callbackTime(callbackAt, timeZone: timeZone)
    }

    /// "2026-03-01 14:05" in `timeZone`.
    public static func dateTime(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return "\(parts.year ?? 0)-\(pad(parts.month ?? 0))-\(pad(parts.day ?? 0)) \(timeOfDay(date, timeZone: timeZone))"
    }

    private static func components(_ date: Date, _ timeZone: TimeZone) -> (hour: Int, minute: Int, second: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        return (parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
