namespace KisTrader.Core.Graphs;

/// <summary>A graph: its nodes in their default order (each node's default edge is the next one) and how a new run's
/// state is made. Conditional edges are the nodes' own <see cref="NodeResult"/>s.</summary>
public sealed class GraphDefinition<TState> where TState : class
{
    private readonly Dictionary<string, int> _index;

    public GraphDefinition(string name, IReadOnlyList<IGraphNode<TState>> nodes, Func<GraphContext, TState> createState)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (nodes.Count == 0) throw new ArgumentException("A graph needs at least one node.", nameof(nodes));
        Name = name;
        Nodes = nodes;
        CreateState = createState;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
            if (!_index.TryAdd(nodes[i].Name, i))
                throw new ArgumentException($"Node name '{nodes[i].Name}' appears twice in graph '{name}'.", nameof(nodes));
    }

    public string Name { get; }
    public IReadOnlyList<IGraphNode<TState>> Nodes { get; }
    public Func<GraphContext, TState> CreateState { get; }

    public IGraphNode<TState>? Find(string name) => _index.TryGetValue(name, out var i) ? Nodes[i] : null;

    /// <summary>The default edge: the node after <paramref name="name"/>, or null after the last.</summary>
    public string? NextAfter(string name) => _index.TryGetValue(name, out var i) && i + 1 < Nodes.Count ? Nodes[i + 1].Name : null;
}
