import Foundation
import FuzzDriver
import WheelPlugins

/// The plugin manifest reader: any text gives a manifest or errors that each name a file,
/// a rule and a message; never a trap, and never both a manifest and errors.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEntry(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let (manifest, errors) = ManifestReader.read(text, file: "plugin.yaml")
    precondition((manifest == nil) != errors.isEmpty, "a manifest must come without errors, and errors without one")
    for error in errors {
        precondition(error.file == "plugin.yaml" && !error.message.isEmpty, "an error without its file or message: \(error)")
    }
    return 0
}

runFuzzer(fuzzEntry)
