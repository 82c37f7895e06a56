import Foundation
import Hummingbird
import WheelCore
import WheelPlugins
import WheelProtocol

/// `GET /api/plugins`, the preview of a merged wheel, and the admin endpoints.
struct PluginController: Sendable {
    let plugins: PluginLibrary
    let adminToken: String

    struct Listing: ResponseEncodable {
        var plugins: [PluginStatus]
    }

    struct Installed: Encodable {
        var id: String
        var plugins: [PluginStatus]
    }

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("api/plugins") { _, _ -> Listing in
            Listing(plugins: await plugins.catalog.statuses)
        }
        router.get("api/plugins/preview") { request, _ -> Response in
            let ids = (request.uri.queryParameters.get("plugins") ?? "").split(separator: ",").map(String.init)
            do {
                return try WorkshopController.json(try await plugins.catalog.framework(for: ids).public)
            } catch let error as CatalogError {
                throw APIError.badRequest(.invalidPlugins, error.message)
            }
        }
        router.post("api/admin/plugins/reload") { request, _ -> Listing in
            try authorize(request)
            return Listing(plugins: await plugins.reload().statuses)
        }
        router.post("api/admin/plugins") { request, _ -> Response in
            try authorize(request)
            let limit = PluginArchive.Limits.default.compressedBytes
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: limit)
            } catch {
                throw APIError(status: .contentTooLarge, code: .tooLarge, message: PluginArchive.ArchiveError.tooLarge(limit: limit).message)
            }
            do {
                let id = try await plugins.install(zip: Data(buffer: buffer))
                return try WorkshopController.json(Installed(id: id, plugins: await plugins.catalog.statuses), status: .created)
            } catch let error as PluginArchive.ArchiveError {
                if case .writeFailed = error {
                    throw APIError(status: .internalServerError, code: error.errorCode, message: error.message)
                }
                throw APIError.badRequest(error.errorCode, error.message, details: error.errors.map(\.description))
            }
        }
    }

    private func authorize(_ request: Request) throws {
        guard let token = request.bearerToken, constantTimeEquals(token, adminToken) else { throw APIError.unauthorized }
    }
}
