public enum WheelhouseVersion {
    /// The server's release version, reported by `/healthz` and `--version`.
    public static let current = "0.1.0"
    /// The plugin API versions this core understands (a plugin's `coreApi`).
    public static let supportedCoreAPIs: Set<Int> = [1]
}
