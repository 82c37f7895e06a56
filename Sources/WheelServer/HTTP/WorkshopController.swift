import Foundation
import Hummingbird
import WheelCore
import WheelPlugins
import WheelProtocol

/// The answer to `POST /api/workshops`, as Hummingbird writes it.
extension CreatedWorkshop: ResponseEncodable {}

/// `POST /api/workshops` and what a client reads of a workshop over HTTP.
struct WorkshopController: Sendable {
    let registry: RoomRegistry
    let plugins: PluginLibrary
    let maxParticipants: Int
    /// The minimum group size of a new workshop that asks for none.
    var minGroupSize = WorkshopSettings.defaultMinGroupSize
    /// https on TLS, or behind a trusted proxy that says so: the join link and the QR code use it.
    var links = PublicScheme(tls: false, trustedProxies: [])

    struct Snapshot: ResponseEncodable {
        var role: Role
        var workshop: WorkshopSummary
        /// The link phones open (also in the QR code): reachable from the room's network.
        var joinUrl: String
        var state: View
        /// The server's clock, as in a `welcome`: what a timer counts down against.
        var serverTime = ServerClock.now()
    }

    func addRoutes(to router: Router<some RemoteAddressRequestContext>) {
        router.post("api/workshops") { request, context -> EditedResponse<CreatedWorkshop> in
            let body = try await request.decodeJSON(CreateWorkshopRequest.self)
            let info = try await create(body)
            let scheme = links.scheme(of: request, from: context.remoteAddress)
            let base = Self.baseURL(of: request, scheme: scheme)
            let urls = CreatedWorkshop.URLs(
                board: "\(base)/board.html?w=\(info.id)",
                join: Self.joinURL(of: request, code: info.joinCode, scheme: scheme),
                facilitator: "\(base)/facilitator.html?w=\(info.id)")
            return EditedResponse(
                status: .created,
                response: CreatedWorkshop(id: info.id, joinCode: info.joinCode, facilitatorToken: info.facilitatorToken, urls: urls))
        }
        router.get("api/workshops/:id") { request, context -> Snapshot in
            let room = try await room(context)
            let scheme = links.scheme(of: request, from: context.remoteAddress)
            let role: Role = request.bearerToken.map { constantTimeEquals($0, room.info.facilitatorToken) } == true
                ? .facilitator : .board
            return Snapshot(
                role: role, workshop: WorkshopSummary(room.info), joinUrl: Self.joinURL(of: request, code: room.info.joinCode, scheme: scheme),
                state: await room.view(for: role))
        }
        router.get("api/workshops/:id/export.json") { request, context -> Response in
            let room = try await facilitatorRoom(request, context)
            let export = WorkshopExport(workshop: await room.workshop, baseline: room.baseline)
            return Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8",
                          .contentDisposition: "attachment; filename=\"wheelhouse-\(room.id).json\""],
                body: .init(byteBuffer: ByteBuffer(data: try WorkshopExport.encoder.encode(export))))
        }
        router.get("api/workshops/:id/export.csv") { request, context -> Response in
            let room = try await facilitatorRoom(request, context)
            let semicolon = request.uri.queryParameters.get("sep") == "semicolon"
            let export = WorkshopExport(workshop: await room.workshop, baseline: room.baseline)
            return Response(
                status: .ok,
                headers: [.contentType: "text/csv; charset=utf-8",
                          .contentDisposition: "attachment; filename=\"wheelhouse-\(room.id).csv\""],
                body: .init(byteBuffer: ByteBuffer(data: try CSVExport.render(export, semicolon: semicolon))))
        }
        router.delete("api/workshops/:id") { request, context -> Response in
            let room = try await facilitatorRoom(request, context)
            try await registry.delete(id: room.id)
            return Response(status: .noContent)
        }
        router.get("api/workshops/:id/qr.svg") { request, context -> Response in
            let room = try await room(context)
            let scheme = links.scheme(of: request, from: context.remoteAddress)
            guard let svg = QRCode.svg(Self.joinURL(of: request, code: room.info.joinCode, scheme: scheme)) else {
                throw APIError(status: .internalServerError, code: .qrFailed, message: "The QR code could not be made.")
            }
            return Response(
                status: .ok, headers: [.contentType: "image/svg+xml", .cacheControl: "no-cache"],
                body: .init(byteBuffer: ByteBuffer(string: svg)))
        }
        router.get("api/workshops/:id/wheel") { request, context -> Response in
            let room = try await room(context)
            // The wheel never changes for a workshop: phones may cache it.
            let cache: HTTPFields = [.cacheControl: "public, max-age=86400, immutable"]
            switch request.uri.queryParameters.get("view") {
            case nil: return try Self.json(room.info.framework, headers: cache)
            case "phone": return try Self.json(PhoneWheel(room.info.framework), headers: cache)
            case let other?:
                throw APIError.badRequest(.invalidValue, "Unknown view '\(other.prefix(40))': leave it out for the whole wheel, or use 'phone'.")
            }
        }
        addFacilitatorRoutes(to: router)
    }

    /// The room, if the request carries its facilitator token.
    func facilitatorRoom(_ request: Request, _ context: some RequestContext) async throws -> WorkshopRoom {
        let room = try await room(context)
        guard let token = request.bearerToken, constantTimeEquals(token, room.info.facilitatorToken) else {
            throw APIError(status: .unauthorized, code: .notFacilitator, message: "The facilitator token is required.")
        }
        return room
    }

    private func room(_ context: some RequestContext) async throws -> WorkshopRoom {
        guard let id = context.parameters.get("id"), let room = try await registry.room(id: id) else {
            throw APIError.notFound
        }
        return room
    }

    private func create(_ body: CreateWorkshopRequest) async throws -> WorkshopInfo {
        // Cleaned like every text people type: it is on every board and phone.
        let title: String
        do {
            title = try WorkshopDraft.title(body.title)
        } catch {
            throw APIError.refused(error)
        }
        var earlier: WorkshopInfo?
        if let id = body.rerunOf {
            guard let room = try await registry.room(id: id) else {
                throw APIError.badRequest(.invalidValue, "No earlier workshop '\(id)' to re-run.")
            }
            earlier = room.info
        }
        let chosen = body.plugins ?? earlier?.framework.plugins.map(\.id) ?? []
        let framework: Framework
        do {
            framework = try await plugins.catalog.framework(for: chosen)
        } catch {
            throw APIError.badRequest(.invalidPlugins, error.message)
        }
        // A re-run keeps the earlier run's settings unless new ones are given.
        let settings: WorkshopSettings
        do {
            settings = try WorkshopDraft.settings(
                body.settings, earlier: earlier?.settings, maxParticipants: maxParticipants,
                minGroupSize: minGroupSize, framework: framework)
        } catch {
            throw APIError.refused(error)
        }
        return try await registry.create(
            title: title, language: body.language ?? earlier?.language ?? .da, settings: settings, framework: framework,
            facilitatorNotes: await plugins.catalog.facilitatorNotes(for: chosen), rerunOf: body.rerunOf)
    }


    /// The address the client used, so links work from the room's network.
    static func baseURL(of request: Request, scheme: String) -> String {
        let host = request.head.authority ?? "localhost:8080"
        return "\(scheme)://\(host)"
    }

    /// The link phones open. A board opened on the server itself (localhost) would put
    /// "localhost" in the QR code, which no phone can reach: use the machine's LAN address.
    static func joinURL(of request: Request, code: String, scheme: String) -> String {
        let authority = request.head.authority ?? "localhost:8080"
        let (host, port) = Self.split(authority)
        var base = "\(scheme)://\(authority)"
        if ["localhost", "127.0.0.1", "[::1]", "0.0.0.0"].contains(host),
            let lan = ServerAddresses.urls(host: "0.0.0.0", port: port, scheme: scheme).first, !lan.contains("127.0.0.1")
        {
            base = lan
        }
        return "\(base)/join.html?code=\(code)"
    }

    private static func split(_ authority: String) -> (String, Int) {
        guard let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") else { return (authority, 80) }
        return (String(authority[..<colon]), Int(authority[authority.index(after: colon)...]) ?? 80)
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(value))))
    }
}
