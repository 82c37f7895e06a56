import WheelCore
import WheelProtocol

/// What a wire message asks of its workshop, as the core's `Command`, with the ids the server
/// mints for what the change creates (an idea, a proxy participant).
enum CommandMapping {
    enum Request: Equatable {
        case command(Command)
        /// Needs a new participant id and token, so it is a join, not a command.
        case addProxy(name: String)
    }

    /// nil for messages that change nothing (`hello`, `resync`, `ping`).
    static func request(for message: ClientMessage) -> Request? {
        switch message {
        case .rate(let m): .command(.rate(round: m.round, competence: m.competence, value: m.value))
        case .setDots(let m): .command(.setDots(competence: m.competence, count: m.count))
        case .allocatePoints(let m): .command(.allocatePoints(m.points))
        case .submitIdea(let m): .command(.submitIdea(idea: Mint.ideaID(), text: m.text, competence: m.competence))
        case .backIdea(let m): .command(.backIdea(idea: m.idea, backed: m.backed))
        case .rename(let m): .command(.rename(m.name))
        case .setGroup(let m): .command(.setGroup(m.group))
        case .openRound(let m): .command(.openRound(m.round))
        case .closeRound(let m): .command(.closeRound(m.round))
        case .revealRound(let m): .command(.revealRound(m.round))
        case .resetRound(let m): .command(.resetRound(m.round))
        case .moderateIdea(let m): .command(.moderateIdea(idea: m.idea, approve: m.approve))
        case .mergeIdea(let m): .command(.mergeIdea(idea: m.idea, into: m.into))
        case .focus(let m): .command(.focus(m.focus))
        case .startTimer(let m): .command(.startTimer(round: m.round, seconds: m.seconds, now: ServerClock.now()))
        case .extendTimer(let m): .command(.extendTimer(seconds: m.seconds, now: ServerClock.now()))
        case .cancelTimer: .command(.cancelTimer)
        case .addProxy(let m): .addProxy(name: m.name)
        case .saveAction(let m): .command(.saveAction(m.action))
        case .removeAction(let m): .command(.removeAction(m.action))
        case .proxyVote(let m): .command(.proxy(participant: m.participant, command(for: m.vote)))
        case .hello, .resync, .ping: nil
        }
    }

    private static func command(for vote: ClientMessage.Vote) -> Command {
        switch vote {
        case .rate(let round, let competence, let value): .rate(round: round, competence: competence, value: value)
        case .setDots(let competence, let count): .setDots(competence: competence, count: count)
        case .allocatePoints(let points): .allocatePoints(points)
        case .submitIdea(let text, let competence): .submitIdea(idea: Mint.ideaID(), text: text, competence: competence)
        }
    }

    /// A participant's answer (counted as a vote in the metrics), direct or by proxy.
    static func isVote(_ message: ClientMessage) -> Bool {
        switch message {
        case .rate, .setDots, .allocatePoints, .submitIdea, .backIdea, .proxyVote: true
        default: false
        }
    }
}
