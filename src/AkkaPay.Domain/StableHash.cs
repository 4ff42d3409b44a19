namespace AkkaPay.Domain;

/// <summary>FNV-1a of a text: the same on every node and after every restart, unlike <c>string.GetHashCode</c>.</summary>
public static class StableHash
{
    public static uint Of(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text) hash = (hash ^ c) * 16777619u;
        return hash;
    }
}
