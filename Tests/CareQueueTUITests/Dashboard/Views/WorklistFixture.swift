import CareQueueCore
import CareQueueTUI
import Foundation

/// The dashboard as it opens: on the worklist, with its first page and the overview read.
enum WorklistFixture {
    static var settings: DashboardSettings {
        var settings = DashboardFixture.settings
        settings.opensOnWorklist = true
        return settings
    }

    static func state(size: GridSize, data: FakeViewData = FakeViewData(), user: String = "jdoe") -> DashboardState {
        var settings = settings
        settings.user = user
        var state = DashboardState(settings: settings, now: DashboardFixture.now, size: size)
        _ = Dashboard.update(&state, .overviewLoaded(DashboardFixture.overview))
        ViewFixture.run(Dashboard.update(&state, .storeChanged), on: &state, data: data)
        return state
    }
}
