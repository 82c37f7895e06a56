import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One wheelhouse at a time per data folder: two servers writing one SQLite file would each
/// decide against their own copy of a workshop. The server holds an exclusive `flock` on
/// `wheelhouse.lock` while it runs (the kernel lets go when the process ends, even by
/// kill -9); `wheelhouse restore` takes the same lock, so it never swaps the file under a
/// running server.
public final class DataFolderLock: Sendable {
    public static let fileName = "wheelhouse.lock"

    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    public enum LockError: Error, Equatable, CustomStringConvertible {
        /// Another process holds the folder.
        case held(String)
        /// The lock file could not be opened (a read-only folder, say).
        case unavailable(String)

        public var description: String {
            switch self {
            case .held(let path): "Another wheelhouse is using the data folder \(path); stop it first."
            case .unavailable(let why): "The data folder's lock could not be taken: \(why)"
            }
        }
    }

    /// Takes the folder's lock, or throws `.held` when another process has it.
    public static func acquire(_ directory: URL) throws(LockError) -> DataFolderLock {
        let path = directory.appendingPathComponent(fileName).path
        let descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .unavailable(String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let why = errno
            Glibc.close(descriptor)
            if why == EWOULDBLOCK { throw .held(directory.path) }
            throw .unavailable(String(cString: strerror(why)))
        }
        return DataFolderLock(descriptor: descriptor)
    }

    /// Lets the folder go (also when the process ends).
    public func release() {
        flock(descriptor, LOCK_UN)
        Glibc.close(descriptor)
    }
}
