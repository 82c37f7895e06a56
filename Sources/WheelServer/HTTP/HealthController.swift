import Hummingbird
import NIOCore
import WheelCore

struct HealthController {
    struct Health: ResponseEncodable {
        let status: String
        /// `ok`, or `unavailable` while the store refuses writes (503 then).
        let store: String
        let version: String
    }

    let metrics: ServerMetrics
    let registry: RoomRegistry
    let drain: Drain

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("healthz") { _, _ -> EditedResponse<Health> in
            await registry.probeStore()
            let failing = registry.health.failure != nil
            // Draining (SIGTERM): a proxy's health check takes this instance out at once.
            let draining = drain.isDraining
            return EditedResponse(
                status: failing || draining ? .serviceUnavailable : .ok,
                response: Health(
                    status: draining ? "draining" : failing ? "degraded" : "ok", store: failing ? "unavailable" : "ok",
                    version: WheelhouseVersion.current))
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
        }
    }
}
