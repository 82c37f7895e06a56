import Foundation
import HummingbirdCore
import Logging
import NIOCore
import NIOSSL
import Synchronization

/// The server's certificate and key (`--tls-cert`, `--tls-key`, PEM). Read at start and again
/// on SIGHUP: a renewed certificate is used by the next connection, while the sockets already
/// open keep the session they have. A reload that fails keeps the certificate in use.
package final class TLSCertificates: Sendable {
    let certificate: URL
    let key: URL
    private let context: Mutex<NIOSSLContext>

    package init(certificate: URL, key: URL) throws {
        self.certificate = certificate
        self.key = key
        self.context = Mutex(try Self.load(certificate: certificate, key: key))
    }

    var current: NIOSSLContext { context.withLock { $0 } }

    func reload() throws {
        let fresh = try Self.load(certificate: certificate, key: key)
        context.withLock { $0 = fresh }
    }

    private static func load(certificate: URL, key: URL) throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMFile(certificate.path)
        let privateKey = try NIOSSLPrivateKey(file: key.path, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
        configuration.minimumTLSVersion = .tlsv12
        return try NIOSSLContext(configuration: configuration)
    }
}

/// Wraps the server's child channel so that TLS, when configured, is the first handler of
/// every connection: the connection guard and HTTP see the decrypted bytes.
struct TLSChildChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value

    let inner: Inner
    let certificates: TLSCertificates?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard let context = certificates?.current else { return inner.setup(channel: channel, logger: logger) }
        return inner.setup(channel: channel, logger: logger).assumeIsolated().flatMapThrowing { value in
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context), position: .first)
            return value
        }.nonisolated()
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
