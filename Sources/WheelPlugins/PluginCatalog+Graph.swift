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

    /// Every id that lies on a dependency cycle: one reachable from its own dependencies.
    static func findCycles(_ graph: [String: [String]]) -> Set<String> {
        Set(graph.keys.filter { start in reachable(from: graph[start] ?? [], in: graph).contains(start) })
    }

    /// `starts` and every id reachable from them along `graph`'s edges (ids without an entry
    /// are reached but lead nowhere); cycles are fine.
    static func reachable(from starts: [String], in graph: [String: [String]]) -> Set<String> {
        var seen: Set<String> = []
        var stack = starts
        while let id = stack.popLast() {
            guard seen.insert(id).inserted else { continue }
            stack += graph[id] ?? []
        }
        return seen
    }
}
