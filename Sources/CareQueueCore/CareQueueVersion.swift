/// The release this source is; bumped with each release.
public enum CareQueueVersion {
    public static let current = "0.16.0"
}
