/// Deciding commands: validating a request against the current state, never changing it.
extension Workshop {
    /// The events a join produces, or why it is refused.
    public func decideJoin(
        participant id: String, token: String, name: String?, proxy: Bool = false, group: String? = nil
    ) throws(WorkshopError) -> [WorkshopEvent] {
        guard participants.count < info.settings.maxParticipants else {
            throw .workshopFull(limit: info.settings.maxParticipants)
        }
        let joined = WorkshopEvent.joined(participant: id, token: token, name: try Self.cleanName(name), proxy: proxy)
        guard let group else { return [joined] }
        try requireGroup(group)
        return [joined, .grouped(participant: id, group: group)]
    }

    /// The events `command` produces when `actor` sends it, or why it is refused.
    /// Deciding never changes state: the caller stores the events, then applies them.
    public func decide(_ command: Command, by actor: Actor) throws(WorkshopError) -> [WorkshopEvent] {
        switch actor {
        case .facilitator:
            return try decideFacilitator(command)
        case .participant(let id):
            guard !command.needsFacilitator else { throw .notFacilitator }
            guard participants[id] != nil else { throw .unknownParticipant(id) }
            return try decideParticipant(command, participant: id)
        }
    }

    private func decideFacilitator(_ command: Command) throws(WorkshopError) -> [WorkshopEvent] {
        switch command {
        case .openRound(let round):
            guard phase(round) != .open else { throw .invalidTransition(round: round, from: .open, action: "open") }
            // One round is open at a time: opening one closes any other.
            let others = RoundKind.allCases.filter { $0 != round && phase($0) == .open }
            return others.map { .roundClosed($0) } + [.roundOpened(round)]
        case .closeRound(let round):
            guard phase(round) == .open else {
                throw .invalidTransition(round: round, from: phase(round), action: "close")
            }
            return [.roundClosed(round)]
        case .revealRound(let round):
            switch phase(round) {
            case .open: return [.roundClosed(round), .roundRevealed(round)]
            case .closed: return [.roundRevealed(round)]
            case .idle, .revealed:
                throw .invalidTransition(round: round, from: phase(round), action: "reveal")
            }
        case .resetRound(let round):
            return [.roundReset(round)]
        case .moderateIdea(let id, let approve):
            guard let idea = ideas.first(where: { $0.id == id }) else { throw .unknownIdea(id) }
            guard idea.status != .merged else {
                throw .invalidValue("The idea '\(id)' was merged into '\(idea.mergedInto ?? "")'.")
            }
            return [.ideaModerated(idea: id, status: approve ? .approved : .rejected)]
        case .mergeIdea(let id, let target):
            return try decideMerge(id, into: target)
        case .focus(let focus):
            try validate(focus)
            return [.focused(focus)]
        case .startTimer(let round, let seconds, let now):
            return try decideStartTimer(round: round, seconds: seconds, now: now)
        case .extendTimer(let seconds, let now):
            return try decideExtendTimer(seconds: seconds, now: now)
        case .cancelTimer:
            return decideCancelTimer()
        case .expireTimer(let timer, let now):
            return decideExpireTimer(timer, now: now)
        case .saveAction(let action):
            let isNew = !actions.contains { $0.id == action.id }
            guard !isNew || actions.count < ActionItem.maxActions else {
                throw .invalidValue("At most \(ActionItem.maxActions) actions.")
            }
            return [.actionSaved(try action.validated(in: self))]
        case .removeAction(let id):
            guard actions.contains(where: { $0.id == id }) else { throw .invalidValue("No action '\(id)'.") }
            return [.actionRemoved(id)]
        case .proxy(let participant, let inner):
            guard let person = participants[participant], person.proxy else {
                throw .unknownParticipant(participant)
            }
            guard !inner.needsFacilitator else { throw .invalidValue("A proxy can only vote.") }
            return try decideParticipant(inner, participant: participant)
        case .rate, .setDots, .allocatePoints, .submitIdea, .backIdea, .rename, .setGroup:
            throw .invalidValue("The facilitator votes through proxy participants.")
        }
    }

    private func decideParticipant(_ command: Command, participant: String) throws(WorkshopError)
        -> [WorkshopEvent]
    {
        switch command {
        case .rate(let round, let competence, let value):
            guard round.isRating else { throw .wrongRound(expected: "rating", got: round) }
            try requireOpen(round)
            try requireCompetence(competence)
            guard RatingScale.isValid(value) else {
                throw .invalidValue("A rating is 1 to 5, 0 for \"don't know\" or -1 for \"not relevant\".")
            }
            return [.rated(participant: participant, round: round, competence: competence, value: value)]
        case .setDots(let competence, let count):
            try requireOpen(.dots)
            try requireCompetence(competence)
            guard count >= 0 else { throw .invalidValue("Dots cannot be negative.") }
            guard count <= info.settings.maxDotsPerCompetence else {
                throw .dotsPerCompetence(limit: info.settings.maxDotsPerCompetence)
            }
            // Each stored count is within maxDotsPerCompetence, so this sum cannot overflow.
            let others = (dots[participant] ?? [:]).filter { $0.key != competence }.values.reduce(0, +)
            guard others + count <= info.settings.dotsPerParticipant else {
                throw .dotsExhausted(limit: info.settings.dotsPerParticipant)
            }
            return [.dotsSet(participant: participant, competence: competence, count: count)]
        case .allocatePoints(let allocation):
            try requireOpen(.points)
            // Client numbers: checked, never trapping. Each value is 0-100, so the sum of a
            // valid allocation stays small; anything larger is refused before it is added.
            var sum = 0
            for (competence, value) in allocation {
                try requireCompetence(competence)
                guard value >= 0 else { throw .invalidValue("Points cannot be negative.") }
                guard value <= Limits.pointsTotal else {
                    throw .invalidValue("Points on one competence are 0 to \(Limits.pointsTotal).")
                }
                let (next, overflow) = sum.addingReportingOverflow(value)
                guard !overflow else { throw .invalidValue("Points must sum to \(Limits.pointsTotal).") }
                sum = next
            }
            guard sum == Limits.pointsTotal else { throw .pointsSum(got: sum) }
            return [.pointsAllocated(participant: participant, points: allocation)]
        case .submitIdea(let id, let text, let competence):
            try requireOpen(.ideas)
            if let competence { try requireCompetence(competence) }
            let trimmed = try DisplayText.idea(text)
            guard ideas.filter({ $0.participant == participant }).count < Limits.ideasPerParticipant else {
                throw .tooManyIdeas(limit: Limits.ideasPerParticipant)
            }
            return [.ideaSubmitted(idea: id, participant: participant, text: trimmed, competence: competence)]
        case .backIdea(let id, let backed):
            return try decideBacking(id, backed: backed, by: participant)
        case .rename(let name):
            return [.renamed(participant: participant, name: try Self.cleanName(name))]
        case .setGroup(let group):
            if let group { try requireGroup(group) }
            // The same group again changes nothing, and sends nobody anything.
            return participants[participant]?.group == group ? [] : [.grouped(participant: participant, group: group)]
        default:
            throw .notFacilitator
        }
    }

    func requireOpen(_ round: RoundKind) throws(WorkshopError) {
        guard phase(round) == .open else { throw .roundNotOpen(round) }
    }

    private func requireCompetence(_ id: String) throws(WorkshopError) {
        guard competenceIDs.contains(id) else { throw .unknownCompetence(id) }
    }

    private func requireGroup(_ id: String) throws(WorkshopError) {
        guard info.settings.group(id) != nil else { throw .unknownGroup(id) }
    }

    private func validate(_ focus: BoardFocus) throws(WorkshopError) {
        let framework = info.framework
        if let dimension = focus.dimension, !framework.dimensions.contains(where: { $0.id == dimension }) {
            throw .invalidValue("No dimension '\(dimension)'.")
        }
        if let competence = focus.competence { try requireCompetence(competence) }
        if let caseID = focus.caseID, !framework.cases.contains(where: { $0.id == caseID }) {
            throw .invalidValue("No case '\(caseID)'.")
        }
        try validateOverlays(focus.overlays ?? [])
    }

    private func validateOverlays(_ names: [String]) throws(WorkshopError) {
        guard names.count <= BoardOverlay.maxLayers, Set(names).count == names.count else {
            throw .invalidValue("At most \(BoardOverlay.maxLayers) different overlays.")
        }
        for name in names {
            switch BoardOverlay(name: name) {
            case .roleProfile:
                guard info.settings.roleProfile != nil else {
                    throw .invalidValue("The workshop has no role profile to overlay.")
                }
            case .earlier:
                guard info.rerunOf != nil else { throw .invalidValue("The workshop is not a re-run.") }
            case .group(let id):
                try requireGroup(id)
            case nil:
                throw .invalidValue("'\(name)' is not an overlay: use roleProfile, earlier or group:<id>.")
            }
        }
    }

    /// A display name as it is stored and shown: see `DisplayText.name`; empty means anonymous.
    static func cleanName(_ name: String?) throws(WorkshopError) -> String? {
        try DisplayText.name(name)
    }
}
