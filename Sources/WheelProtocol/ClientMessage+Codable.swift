import Foundation
import WheelCore

extension ClientMessage: Codable {
    private enum TypeKey: String, CodingKey { case type }

    public init(from decoder: any Decoder) throws {
        let type = try decoder.container(keyedBy: TypeKey.self).decode(String.self, forKey: .type)
        switch type {
        case "hello": self = .hello(try Hello(from: decoder))
        case "resync": self = .resync
        case "ping": self = .ping
        case "rate": self = .rate(try Rate(from: decoder))
        case "setDots": self = .setDots(try SetDots(from: decoder))
        case "allocatePoints": self = .allocatePoints(try AllocatePoints(from: decoder))
        case "submitIdea": self = .submitIdea(try SubmitIdea(from: decoder))
        case "backIdea": self = .backIdea(try BackIdea(from: decoder))
        case "rename": self = .rename(try Rename(from: decoder))
        case "setGroup": self = .setGroup(try SetGroup(from: decoder))
        case "openRound": self = .openRound(try RoundAction(from: decoder))
        case "closeRound": self = .closeRound(try RoundAction(from: decoder))
        case "revealRound": self = .revealRound(try RoundAction(from: decoder))
        case "resetRound": self = .resetRound(try RoundAction(from: decoder))
        case "moderateIdea": self = .moderateIdea(try ModerateIdea(from: decoder))
        case "mergeIdea": self = .mergeIdea(try MergeIdea(from: decoder))
        case "focus": self = .focus(try Focus(from: decoder))
        case "startTimer": self = .startTimer(try StartTimer(from: decoder))
        case "extendTimer": self = .extendTimer(try ExtendTimer(from: decoder))
        case "cancelTimer": self = .cancelTimer(try CancelTimer(from: decoder))
        case "addProxy": self = .addProxy(try AddProxy(from: decoder))
        case "proxyVote": self = .proxyVote(try ProxyVote(from: decoder))
        case "saveAction": self = .saveAction(try SaveAction(from: decoder))
        case "removeAction": self = .removeAction(try RemoveAction(from: decoder))
        default: throw ProtocolError.unknownType(type)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        try container.encode(type, forKey: .type)
        switch self {
        case .hello(let m): try m.encode(to: encoder)
        case .resync, .ping: break
        case .rate(let m): try m.encode(to: encoder)
        case .setDots(let m): try m.encode(to: encoder)
        case .allocatePoints(let m): try m.encode(to: encoder)
        case .submitIdea(let m): try m.encode(to: encoder)
        case .backIdea(let m): try m.encode(to: encoder)
        case .rename(let m): try m.encode(to: encoder)
        case .setGroup(let m): try m.encode(to: encoder)
        case .openRound(let m), .closeRound(let m), .revealRound(let m), .resetRound(let m): try m.encode(to: encoder)
        case .moderateIdea(let m): try m.encode(to: encoder)
        case .mergeIdea(let m): try m.encode(to: encoder)
        case .focus(let m): try m.encode(to: encoder)
        case .startTimer(let m): try m.encode(to: encoder)
        case .extendTimer(let m): try m.encode(to: encoder)
        case .cancelTimer(let m): try m.encode(to: encoder)
        case .addProxy(let m): try m.encode(to: encoder)
        case .proxyVote(let m): try m.encode(to: encoder)
        case .saveAction(let m): try m.encode(to: encoder)
        case .removeAction(let m): try m.encode(to: encoder)
        }
    }
}
