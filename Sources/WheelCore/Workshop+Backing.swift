/// Backing ideas and merging duplicates: the state changes behind `ideaBacked`,
/// `ideaMerged` and a rejection, and the counts every view shows.
///
/// What always holds: a backing names an approved idea that is not the backer's own, and a
/// participant backs each idea at most once and at most `settings.ideaBackings` ideas.
extension Workshop {
    /// How many participants back `idea`.
    public func backing(of idea: String) -> Int {
        backings.values.reduce(0) { $0 + ($1.contains(idea) ? 1 : 0) }
    }

    /// Every idea's backing count (ideas nobody backs are absent).
    public func backingCounts() -> [String: Int] {
        var counts: [String: Int] = [:]
        for ideas in backings.values { for idea in ideas { counts[idea, default: 0] += 1 } }
        return counts
    }

    /// The ideas that are not folded into another, most backed first; ties keep submission order.
    public func rankedIdeas() -> [Idea] {
        let counts = backingCounts()
        return ideas.enumerated()
            .filter { $0.element.status != .merged }
            .sorted { a, b in
                let (ca, cb) = (counts[a.element.id] ?? 0, counts[b.element.id] ?? 0)
                return ca != cb ? ca > cb : a.offset < b.offset
            }
            .map(\.element)
    }

    mutating func setBacking(participant: String, idea: String, backed: Bool) {
        var list = backings[participant] ?? []
        list.removeAll { $0 == idea }
        if backed { list.append(idea) }
        backings[participant] = list.isEmpty ? nil : list
    }

    mutating func dropBackings(of idea: String) {
        for participant in Array(backings.keys) { setBacking(participant: participant, idea: idea, backed: false) }
    }

    /// `idea` becomes a duplicate of `target`. Its backers back `target` instead (once, however
    /// many of the two they backed, and never their own idea), and ideas merged into `idea`
    /// earlier now point at `target`, so `mergedInto` always names an idea that is not merged.
    mutating func merge(_ idea: String, into target: String) {
        let owner = ideas.first { $0.id == target }?.participant
        for (index, other) in ideas.enumerated() where other.id == idea || other.mergedInto == idea {
            ideas[index].status = .merged
            ideas[index].mergedInto = target
        }
        for participant in Array(backings.keys) where backings[participant]?.contains(idea) == true {
            let keep = participant != owner
            // In place of the merged idea, or where it already was.
            var list = backings[participant] ?? []
            if list.contains(target) || !keep {
                list.removeAll { $0 == idea }
            } else {
                list = list.map { $0 == idea ? target : $0 }
            }
            backings[participant] = list.isEmpty ? nil : list
        }
    }
}

// MARK: Deciding

extension Workshop {
    /// Backing is open while the ideas round takes ideas and after its reveal (when the room
    /// reads the wall); withdrawing a backing the participant does not hold changes nothing.
    func decideBacking(_ id: String, backed: Bool, by participant: String) throws(WorkshopError)
        -> [WorkshopEvent]
    {
        guard [.open, .revealed].contains(phase(.ideas)) else { throw .roundNotOpen(.ideas) }
        guard let idea = ideas.first(where: { $0.id == id }) else { throw .unknownIdea(id) }
        let mine = backings[participant] ?? []
        guard backed else {
            return mine.contains(id) ? [.ideaBacked(participant: participant, idea: id, backed: false)] : []
        }
        // Pending, rejected and merged ideas are not on anyone's phone: to the sender they do not exist.
        guard idea.status == .approved else { throw .unknownIdea(id) }
        guard idea.participant != participant else { throw .ownIdea(id) }
        guard !mine.contains(id) else { return [] }
        let limit = info.settings.ideaBackings
        guard mine.count < limit else { throw .backingLimit(limit: limit) }
        return [.ideaBacked(participant: participant, idea: id, backed: true)]
    }

    /// Only approved ideas are merge targets (what a merge adds to must be on the wall).
    func decideMerge(_ id: String, into target: String) throws(WorkshopError) -> [WorkshopEvent] {
        guard let idea = ideas.first(where: { $0.id == id }) else { throw .unknownIdea(id) }
        guard let into = ideas.first(where: { $0.id == target }) else { throw .unknownIdea(target) }
        guard id != target else { throw .invalidValue("An idea cannot be merged into itself.") }
        guard idea.status != .merged else {
            throw .invalidValue("The idea '\(id)' was already merged into '\(idea.mergedInto ?? "")'.")
        }
        guard into.status == .approved else { throw .invalidValue("Ideas are merged into an approved idea.") }
        return [.ideaMerged(idea: id, into: target)]
    }
}
