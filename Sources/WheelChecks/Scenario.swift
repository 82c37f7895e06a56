import WheelCore

/// A workshop driven by random commands from random actors, the way the server drives it:
/// decide (pure), then apply what was decided. Commands are often wrong on purpose (unknown
/// ids, huge or negative numbers, nasty text, phases that do not allow them), so refusals
/// are exercised as much as acceptances. Every accepted event is logged for replay.
public struct Scenario {
    public private(set) var workshop: Workshop
    public private(set) var log: [WorkshopEvent] = []
    /// Participant ids that joined, proxies included, in joining order.
    public private(set) var participants: [String] = []
    /// The scenario's clock for timers (ms), moving on a random amount each step.
    public private(set) var now = 1_700_000_000_000

    /// One step: who asked for what, and what came of it.
    public struct Step {
        public var actor: Actor
        public var command: Command?
        public var events: [WorkshopEvent]
        public var error: WorkshopError?
    }

    /// Two backings each, so the limit is met often; two groups.
    public static let settings = WorkshopSettings(
        dotsPerParticipant: 5, maxDotsPerCompetence: 3, maxParticipants: 12, ideaBackings: 2,
        groups: [WorkshopGroup(id: "a", name: LocalizedText(da: "A")), WorkshopGroup(id: "b", name: LocalizedText(da: "B"))])
    /// Group ids a client might send: the workshop's, an unknown one, none.
    static let groupChoices: [String?] = ["a", "b", "a", "b", "nope", nil]

    public init(blindVoting: Bool = true, minGroupSize: Int = 1) {
        var settings = Self.settings
        settings.minGroupSize = minGroupSize
        workshop = Workshop(info: ScenarioWheel.info(settings, blindVoting: blindVoting))
    }

    /// Numbers a client might send: valid ones, edges, and the ones that used to trap.
    static let numbers = [0, 1, 2, 3, 4, 5, 6, -1, 50, 100, 99, 101, Int.max, Int.min, Int.max - 1, 1_000_000]
    /// Text a client might send: ordinary, empty, invisible, control and bidi characters, long.
    static let texts = [
        "Mere data", "  Kirsten  ", "", "   ", "\u{200B}\u{200B}", "a\u{0}b\u{1B}[31m", "line\r\nbreak",
        "\u{202E}evil", "e\u{0301}", String(repeating: "x", count: 281), "a" + String(repeating: "\u{0301}", count: 300),
        "😀👩‍⚕️", "\u{3164}",
    ]

    /// Takes one random step.
    @discardableResult
    public mutating func step(_ choices: inout some ChoiceSource) -> Step {
        now += choices.pick([0, 1, 500, 5_000, 60_000, 3_600_000])
        if participants.isEmpty || choices.chance(6) { return join(&choices) }
        let actor = pickActor(&choices)
        let command = pickCommand(for: actor, &choices)
        do {
            let events = try workshop.decide(command, by: actor)
            apply(events)
            return Step(actor: actor, command: command, events: events, error: nil)
        } catch {
            return Step(actor: actor, command: command, events: [], error: error)
        }
    }

    private mutating func join(_ choices: inout some ChoiceSource) -> Step {
        let id = (choices.chance(30) ? "x" : "p") + String(participants.count)
        // Resumes (a known token) are decided by the room, not the core: always a new token here.
        let token = "token-\(id)"
        let name: String? = choices.chance(50) ? choices.pick(Self.texts) : nil
        do {
            let group = choices.chance(60) ? choices.pick(Self.groupChoices) : nil
            let events = try workshop.decideJoin(
                participant: id, token: token, name: name, proxy: id.hasPrefix("x"), group: group)
            apply(events)
            participants.append(id)
            return Step(actor: .participant(id), command: nil, events: events, error: nil)
        } catch {
            return Step(actor: .participant(id), command: nil, events: [], error: error)
        }
    }

    private mutating func apply(_ events: [WorkshopEvent]) {
        for event in events { workshop.apply(event) }
        log += events
    }

    private func pickActor(_ choices: inout some ChoiceSource) -> Actor {
        switch choices.choose(10) {
        case 0..<4: .facilitator
        case 4: .participant("nobody")
        default: .participant(choices.pick(participants))
        }
    }

    private func competence(_ choices: inout some ChoiceSource) -> String {
        choices.chance(90) ? choices.pick(ScenarioWheel.competences) : "unknown"
    }

    private func pickCommand(for actor: Actor, _ choices: inout some ChoiceSource) -> Command {
        // Facilitators mostly steer, participants mostly vote; both sometimes try the other.
        let steer = (actor == .facilitator) == choices.chance(85)
        return steer ? steering(&choices) : vote(&choices, by: actor)
    }

    /// An idea id: mostly one that exists (approved ones more often), sometimes none.
    private func idea(_ choices: inout some ChoiceSource) -> String {
        let approved = workshop.ideas.filter { $0.status == .approved }.map(\.id)
        if !approved.isEmpty && choices.chance(60) { return choices.pick(approved) }
        let all = workshop.ideas.map(\.id)
        return !all.isEmpty && choices.chance(85) ? choices.pick(all) : "i-unknown"
    }

    /// A backing or its withdrawal; withdrawals mostly name one the sender holds.
    private func backing(_ choices: inout some ChoiceSource, by actor: Actor) -> Command {
        guard choices.chance(30) else { return .backIdea(idea: idea(&choices), backed: true) }
        let held = actor == .facilitator ? [] : workshop.answers(of: participantID(actor)).backed
        return .backIdea(idea: !held.isEmpty && choices.chance(80) ? choices.pick(held) : idea(&choices), backed: false)
    }

    private func participantID(_ actor: Actor) -> String {
        if case .participant(let id) = actor { id } else { "" }
    }

    /// A merge: mostly an idea that is not merged into an approved other one.
    private func merge(_ choices: inout some ChoiceSource) -> Command {
        let live = workshop.ideas.filter { $0.status != .merged }.map(\.id)
        let approved = workshop.ideas.filter { $0.status == .approved }.map(\.id)
        guard live.count > 1, !approved.isEmpty, choices.chance(80) else {
            return .mergeIdea(idea: idea(&choices), into: idea(&choices))
        }
        // Backed duplicates most often: their backers are what a merge moves.
        let backed = live.filter { workshop.backing(of: $0) > 0 }
        let source = !backed.isEmpty && choices.chance(60) ? choices.pick(backed) : choices.pick(live)
        return .mergeIdea(idea: source, into: choices.pick(approved))
    }

    private func vote(_ choices: inout some ChoiceSource, by actor: Actor = .facilitator) -> Command {
        // People mostly answer what the room is doing: while the ideas round takes ideas or
        // shows them, ideas and backings come often, so backing meets moderation and merges.
        if [.open, .revealed].contains(workshop.phase(.ideas)), choices.chance(50) {
            let approved = workshop.ideas.contains { $0.status == .approved }
            if approved, choices.chance(60) { return backing(&choices, by: actor) }
            return .submitIdea(idea: "i\(log.count)", text: choices.pick(Self.texts), competence: nil)
        }
        switch choices.choose(8) {
        case 0, 1:
            let round = choices.chance(85) ? choices.pick([RoundKind.importance, .level]) : choices.pick(RoundKind.allCases)
            return .rate(round: round, competence: competence(&choices), value: choices.pick(Self.numbers))
        case 2:
            return .setDots(competence: competence(&choices), count: choices.pick(Self.numbers))
        case 3:
            return .allocatePoints(points(&choices))
        case 4:
            return .submitIdea(idea: "i\(log.count)", text: choices.pick(Self.texts),
                               competence: choices.chance(50) ? competence(&choices) : nil)
        case 5:
            return backing(&choices, by: actor)
        case 6:
            return choices.chance(50) ? backing(&choices, by: actor) : .setGroup(choices.pick(Self.groupChoices))
        default:
            return .rename(choices.chance(80) ? choices.pick(Self.texts) : nil)
        }
    }

    private func points(_ choices: inout some ChoiceSource) -> [String: Int] {
        if choices.chance(50) {
            // A valid split of 100.
            let first = choices.choose(101)
            let a = choices.pick(ScenarioWheel.competences), b = choices.pick(ScenarioWheel.competences)
            return a == b ? [a: 100] : [a: first, b: 100 - first]
        }
        var map: [String: Int] = [:]
        for _ in 0..<choices.choose(5) { map[competence(&choices)] = choices.pick(Self.numbers) }
        return map
    }

    private func steering(_ choices: inout some ChoiceSource) -> Command {
        let round = choices.pick(RoundKind.allCases)
        switch choices.choose(17) {
        case 0, 1: return .openRound(round)
        case 2: return .closeRound(round)
        case 3, 4: return .revealRound(round)
        case 5: return choices.chance(40) ? .resetRound(round) : .openRound(round)
        case 6:
            let ideas = workshop.ideas.map(\.id)
            let idea = !ideas.isEmpty && choices.chance(85) ? choices.pick(ideas) : "i-unknown"
            return .moderateIdea(idea: idea, approve: choices.chance(60))
        case 11, 12:
            return merge(&choices)
        case 7:
            let screen = choices.pick([BoardFocus.Screen.lobby, .intro, .round, .results, .actions])
            let dimension = choices.chance(30) ? choices.pick(ScenarioWheel.dimensions + ["nope"]) : nil
            let caseID = choices.chance(20) ? choices.pick([ScenarioWheel.caseID, "nope"]) : nil
            let overlays = choices.chance(20) ? [choices.pick(["roleProfile", "earlier", "group:a", "group:nope", "x"])] : nil
            return .focus(BoardFocus(
                screen: screen, dimension: dimension, caseID: caseID, view: choices.chance(30) ? choices.pick(BoardView.allCases) : nil,
                blank: choices.chance(15) ? true : nil, overlays: overlays))
        case 14:
            return .startTimer(round: round, seconds: choices.pick([60, 5, 3600] + Self.numbers), now: now)
        case 15:
            return choices.chance(50) ? .extendTimer(seconds: choices.pick([30, 60] + Self.numbers), now: now) : .cancelTimer
        case 16:
            // The server's own close: for the running timer (due or not yet), or a stale one.
            let timer = workshop.timer ?? RoundTimer(round: round, endsAt: now, seconds: 60)
            return .expireTimer(choices.chance(80) ? timer : RoundTimer(round: timer.round, endsAt: timer.endsAt - 1, seconds: 60), now: now)
        case 8:
            let id = "a\(choices.choose(4))"
            let due = choices.pick([nil, "2027-03-01", "2027-02-30", "soon"])
            return .saveAction(ActionItem(
                id: id, competence: competence(&choices), what: choices.pick(Self.texts),
                owner: choices.chance(50) ? choices.pick(Self.texts) : nil, due: due,
                status: choices.pick(ActionItem.Status.allCases),
                inspiration: choices.chance(20) ? ScenarioWheel.inspirationID : nil))
        case 9:
            return .removeAction("a\(choices.choose(4))")
        default:
            let proxies = participants.filter { $0.hasPrefix("x") }
            let who = !proxies.isEmpty && choices.chance(80) ? choices.pick(proxies) : (participants.first ?? "nobody")
            return .proxy(participant: who, vote(&choices))
        }
    }
}
