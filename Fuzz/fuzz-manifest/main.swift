import Foundation
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

// SwiftPM names an executable's entry point itself (and aliases `main` to it), so libFuzzer's
// own `main` is not linked: start its driver from here instead.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

var arguments = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argv, fuzzEntry))
