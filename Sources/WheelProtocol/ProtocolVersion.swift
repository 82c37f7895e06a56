public enum WheelProtocolVersion { public static let current = 1 }
