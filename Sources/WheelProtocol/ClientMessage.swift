import Foundation
import WheelCore

/// The protocol's version; `hello` names the version a client speaks.
public enum ProtocolVersion {
    public static let current = 1
}

/// Every message a client sends. The JSON has a `type` and the payload's fields side by side:
/// `{"type":"rate","opId":"a1","round":"importance","competence":"dataanvendelse","value":4}`.
/// Messages that change state carry a client-made `opId`; the server acknowledges each one.
public enum ClientMessage: Hashable, Sendable {
    case hello(Hello)
    case resync
    case ping
    case rate(Rate)
    case setDots(SetDots)
    case allocatePoints(AllocatePoints)
    case submitIdea(SubmitIdea)
    case backIdea(BackIdea)
    case rename(Rename)
    case setGroup(SetGroup)
    case openRound(RoundAction)
    case closeRound(RoundAction)
    case revealRound(RoundAction)
    case resetRound(RoundAction)
    case moderateIdea(ModerateIdea)
    case mergeIdea(MergeIdea)
    case focus(Focus)
    case startTimer(StartTimer)
    case extendTimer(ExtendTimer)
    case cancelTimer(CancelTimer)
    case addProxy(AddProxy)
    case proxyVote(ProxyVote)
    case saveAction(SaveAction)
    case removeAction(RemoveAction)

    /// The operation id, for messages that change state.
    public var opId: String? {
        switch self {
        case .hello, .resync, .ping: nil
        case .rate(let m): m.opId
        case .setDots(let m): m.opId
        case .allocatePoints(let m): m.opId
        case .submitIdea(let m): m.opId
        case .backIdea(let m): m.opId
        case .rename(let m): m.opId
        case .setGroup(let m): m.opId
        case .openRound(let m), .closeRound(let m), .revealRound(let m), .resetRound(let m): m.opId
        case .moderateIdea(let m): m.opId
        case .mergeIdea(let m): m.opId
        case .focus(let m): m.opId
        case .startTimer(let m): m.opId
        case .extendTimer(let m): m.opId
        case .cancelTimer(let m): m.opId
        case .addProxy(let m): m.opId
        case .proxyVote(let m): m.opId
        case .saveAction(let m): m.opId
        case .removeAction(let m): m.opId
        }
    }

    public var type: String {
        switch self {
        case .hello: "hello"
        case .resync: "resync"
        case .ping: "ping"
        case .rate: "rate"
        case .setDots: "setDots"
        case .allocatePoints: "allocatePoints"
        case .submitIdea: "submitIdea"
        case .backIdea: "backIdea"
        case .rename: "rename"
        case .setGroup: "setGroup"
        case .openRound: "openRound"
        case .closeRound: "closeRound"
        case .revealRound: "revealRound"
        case .resetRound: "resetRound"
        case .moderateIdea: "moderateIdea"
        case .mergeIdea: "mergeIdea"
        case .focus: "focus"
        case .startTimer: "startTimer"
        case .extendTimer: "extendTimer"
        case .cancelTimer: "cancelTimer"
        case .addProxy: "addProxy"
        case .proxyVote: "proxyVote"
        case .saveAction: "saveAction"
        case .removeAction: "removeAction"
        }
    }
}
