import Foundation
import FuzzDriver
import WheelProtocol

/// The client message decoder: any bytes give a message or a typed `ProtocolError`, never a
/// trap; a decoded message encodes and decodes back to itself; every integer is in range.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEntry(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let message: ClientMessage
    do {
        message = try WireCoding.decodeClient(bytes)
    } catch {
        precondition(!error.code.isEmpty && !error.message.isEmpty, "an error without a code or message")
        return 0
    }
    let again: ClientMessage
    do {
        again = try WireCoding.decodeClient(WireCoding.encode(message))
    } catch {
        preconditionFailure("\(message) does not decode after encoding: \(error)")
    }
    precondition(again == message, "round trip changed \(message) into \(again)")
    for value in integers(in: message) {
        precondition(ClientInteger.range.contains(value), "\(value) got past the decoder")
    }
    return 0
}

private func integers(in message: ClientMessage) -> [Int] {
    switch message {
    case .rate(let m): [m.value]
    case .setDots(let m): [m.count]
    case .allocatePoints(let m): Array(m.points.values)
    case .hello(let m): m.protocol.map { [$0] } ?? []
    case .proxyVote(let m):
        switch m.vote {
        case .rate(_, _, let value): [value]
        case .setDots(_, let count): [count]
        case .allocatePoints(let points): Array(points.values)
        case .submitIdea: []
        }
    default: []
    }
}

runFuzzer(fuzzEntry)
