import Foundation
import Testing
import WheelCore
import ZIPFoundation
@testable import WheelPlugins

/// Builds real zips in memory, entry by entry, with any name (even hostile ones).
struct ZipBuilder {
    enum Item {
        case file(String, Data)
        case folder(String)
        case symlink(String, target: String)
    }

    static func make(_ items: [Item], compression: CompressionMethod = .deflate) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for item in items {
            switch item {
            case .file(let path, let data):
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: compression
                ) { (position: Int64, size: Int) in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            case .folder(let path):
                try archive.addEntry(with: path, type: .directory, uncompressedSize: Int64(0)) { (_: Int64, _: Int) in Data() }
            case .symlink(let path, let target):
                let data = Data(target.utf8)
                try archive.addEntry(with: path, type: .symlink, uncompressedSize: Int64(data.count)) {
                    (position: Int64, size: Int) in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
        }
        return try #require(archive.data)
    }

    static func file(_ path: String, _ text: String) -> Item { .file(path, Data(text.utf8)) }
}
