import Foundation
import Hummingbird
import Logging
import NIOCore

/// `GET /openapi.yaml`: the OpenAPI document of this API (docs/openapi.yaml).
///
/// Served from the file, not embedded: docs/openapi.yaml is the one copy that is edited and
/// reviewed, and the static folder (`--web`) is for the pages only. The path is configurable
/// (`--openapi`, default `./docs/openapi.yaml` beside `./web` and `./Plugins`); it is read once
/// at start, so a request never waits on the disk, and a missing file is `404 not_found`
/// with a warning at start, not a failure to start.
struct APIDocument {
    let file: URL
    let logger: Logger

    func addRoutes(to router: Router<some RequestContext>) {
        let data = try? Data(contentsOf: file)
        if data == nil {
            logger.warning("No OpenAPI document at \(file.path): GET /openapi.yaml will answer 404.")
        }
        router.get("openapi.yaml") { _, _ -> Response in
            guard let data else {
                throw APIError(status: .notFound, code: .notFound, message: "The OpenAPI document is not installed.")
            }
            return Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8", .cacheControl: "no-cache"],
                body: .init(byteBuffer: ByteBuffer(data: data)))
        }
    }
}
