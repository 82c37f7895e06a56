import NIOCore

/// The frames waiting in one `Outbox`, with the counts its bounds need. Pure bookkeeping: the
/// outbox decides when to take them and what to do when a bound is hit.
struct OutboxQueue {
    struct Frame {
        enum Kind { case control, snapshot, update }
        var bytes: ByteBuffer
        var kind: Kind
    }

    private(set) var frames: [Frame] = []
    private(set) var updates = 0
    /// Acks and errors queued, and their bytes.
    private(set) var controls = 0
    private(set) var controlBytes = 0

    var isEmpty: Bool { frames.isEmpty }

    /// Queues an ack or an error; false (and nothing queued) when that would pass a bound.
    mutating func appendControl(_ frame: ByteBuffer) -> Bool {
        guard controls < Outbox.controlCapacity, controlBytes + frame.readableBytes <= Outbox.controlBytes else {
            return false
        }
        frames.append(Frame(bytes: frame, kind: .control))
        controls += 1
        controlBytes += frame.readableBytes
        return true
    }

    /// Queues an update, dropping the oldest one when full; false when one was dropped.
    mutating func appendUpdate(_ frame: ByteBuffer) -> Bool {
        var kept = true
        if updates >= Outbox.updateCapacity, let oldest = frames.firstIndex(where: { $0.kind == .update }) {
            frames.remove(at: oldest)
            updates -= 1
            kept = false
        }
        frames.append(Frame(bytes: frame, kind: .update))
        updates += 1
        return kept
    }

    /// Queues a snapshot in place of the updates and snapshots it supersedes.
    mutating func appendSnapshot(_ frame: ByteBuffer) {
        frames.removeAll { $0.kind != .control }
        updates = 0
        frames.append(Frame(bytes: frame, kind: .snapshot))
    }

    /// Hands every frame to the writer, swapped with `spare` (so no array is allocated).
    mutating func take(into spare: inout [Frame]) {
        guard !frames.isEmpty else { return }
        swap(&frames, &spare)
        updates = 0
        controls = 0
        controlBytes = 0
    }
}
