extension Command {
    /// A stable description of what the command asks for, the same in every process, so a
    /// retried `opId` can be told apart from an `opId` reused for a different change.
    /// Server-made ids (a new idea's id) are left out: a retry gets a fresh one.
    public var fingerprint: String {
        switch self {
        case .rate(let round, let competence, let value): "rate|\(round.rawValue)|\(competence)|\(value)"
        case .setDots(let competence, let count): "dots|\(competence)|\(count)"
        case .allocatePoints(let points):
            "points|" + points.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        case .submitIdea(_, let text, let competence): "idea|\(competence ?? "")|\(text)"
        case .rename(let name): "rename|\(name ?? "")"
        case .setGroup(let group): "group|\(group ?? "")"
        case .openRound(let round): "open|\(round.rawValue)"
        case .closeRound(let round): "close|\(round.rawValue)"
        case .revealRound(let round): "reveal|\(round.rawValue)"
        case .resetRound(let round): "reset|\(round.rawValue)"
        case .moderateIdea(let idea, let approve): "moderate|\(idea)|\(approve)"
        case .backIdea(let idea, let backed): "back|\(idea)|\(backed)"
        case .mergeIdea(let idea, let into): "merge|\(idea)|\(into)"
        case .focus(let focus):
            "focus|\(focus.screen.rawValue)|\(focus.dimension ?? "")|\(focus.competence ?? "")|\(focus.caseID ?? "")|\(focus.view?.rawValue ?? "")"
                // Added only when set, so focus operations stored before these fields keep their digest.
                + (focus.blank == nil && focus.overlays == nil
                    ? "" : "|\(focus.blank ?? false)|\((focus.overlays ?? []).joined(separator: ","))")
        case .saveAction(let a):
            "action|\(a.id)|\(a.competence)|\(a.what)|\(a.owner ?? "")|\(a.due ?? "")|\(a.status.rawValue)|\(a.inspiration ?? "")"
        case .removeAction(let id): "unaction|\(id)"
        // The clock is left out: a retry arrives later and is still the same request.
        case .startTimer(let round, let seconds, _): "timer|\(round.rawValue)|\(seconds)"
        case .extendTimer(let seconds, _): "extend|\(seconds)"
        case .cancelTimer: "untimer"
        case .expireTimer(let timer, _): "expire|\(timer.round.rawValue)|\(timer.endsAt)"
        case .proxy(let participant, let inner): "proxy|\(participant)|\(inner.fingerprint)"
        }
    }
}

/// FNV-1a, 64 bits, as hex: a short stable digest (not a security measure).
public func stableDigest(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
}
