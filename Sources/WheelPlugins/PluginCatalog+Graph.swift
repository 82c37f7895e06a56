/// The dependency graph: an order to load in, and the cycles that cannot load.
extension PluginCatalog {
    /// Ids in an order where dependencies come first; ties alphabetical. Members of cycles
    /// come last, so their errors are still reported.
    static func topologicalOrder(_ graph: [String: [String]]) -> [String] {
        var remaining = Set(graph.keys)
        var order: [String] = []
        while !remaining.isEmpty {
            let ready = remaining.filter { id in graph[id]!.allSatisfy { !remaining.contains($0) } }.sorted()
            let next = ready.first ?? remaining.sorted().first!
            order.append(next)
            remaining.remove(next)
        }
        return order
    }

    /// Every id that lies on a dependency cycle.
    static func findCycles(_ graph: [String: [String]]) -> Set<String> {
        var onCycle: Set<String> = []
        for start in graph.keys {
            // Is `start` reachable from its own dependencies?
            var seen: Set<String> = []
            var stack = graph[start] ?? []
            while let id = stack.popLast() {
                if id == start { onCycle.insert(start); break }
                guard seen.insert(id).inserted else { continue }
                stack += graph[id] ?? []
            }
        }
        return onCycle
    }
}
