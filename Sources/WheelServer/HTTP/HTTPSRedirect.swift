import Hummingbird
import Logging

/// `--http-redirect-port`: a plain-HTTP listener that sends every request to the same path
/// over https (301), so a phone that types the address without https still arrives.
enum HTTPSRedirect {
    static func application(host: String, port: Int, httpsPort: Int, logger: Logger) -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: Redirect(httpsPort: httpsPort))
        return Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "wheelhouse"),
            logger: logger)
    }

    struct Redirect<Context: RequestContext>: RouterMiddleware {
        let httpsPort: Int

        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
            -> Response
        {
            guard let target = Self.target(authority: request.head.authority, path: request.uri.description, httpsPort: httpsPort)
            else { return Response(status: .badRequest) }
            return Response(status: .movedPermanently, headers: [.location: target])
        }

        /// `https://host:port/path`, or nil for a Host header that is not a plain host name or address.
        static func target(authority: String?, path: String, httpsPort: Int) -> String? {
            let authority = authority ?? "localhost"
            let host: Substring
            if authority.hasPrefix("[") {
                guard let end = authority.firstIndex(of: "]") else { return nil }
                host = authority[...end]
            } else {
                host = authority.split(separator: ":", maxSplits: 1).first ?? "localhost"
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || ".-[]:".contains($0) }),
                path.hasPrefix("/"), !path.hasPrefix("//")
            else { return nil }
            let port = httpsPort == 443 ? "" : ":\(httpsPort)"
            return "https://\(host)\(port)\(path)"
        }
    }
}
