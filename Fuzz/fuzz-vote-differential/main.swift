import Foundation
import FuzzDriver
import WheelProtocol

/// The hand-written vote reader against the general decoder: whenever the fast path reads a
/// message, `WireCoding` must read exactly the same one from the same bytes. (When the fast
/// path declines, the server uses `WireCoding` anyway, so there is nothing to compare.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEntry(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let fast = VoteWire.rate(in: bytes) else { return 0 }
    do {
        let general = try WireCoding.decodeClient(bytes)
        precondition(general == fast, "fast path read \(fast), decoder read \(general)")
    } catch {
        preconditionFailure("fast path read \(fast), decoder refused: \(error)")
    }
    return 0
}

runFuzzer(fuzzEntry)
