namespace AkkaPay.Domain.Routing;

/// <summary>The two equivalent halves of a cell's nodes (blue-green release): the routing table gives each a share of the cell's shards.</summary>
public enum NodeColor
{
    Blue,
    Green,
}

public static class NodeColors
{
    /// <summary>How a color is written in topology files, node roles and the management API.</summary>
    public static string Name(this NodeColor color) => color == NodeColor.Blue ? "blue" : "green";

    public static bool TryParse(string? name, out NodeColor color)
    {
        color = name == "green" ? NodeColor.Green : NodeColor.Blue;
        return name is "blue" or "green";
    }
}
