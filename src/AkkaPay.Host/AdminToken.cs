namespace AkkaPay.Host;

/// <summary>Where the operator token comes from when --admin-token (or --token) is not given.</summary>
public static class AdminToken
{
    public const string EnvironmentVariable = "AKKAPAY_ADMIN_TOKEN";

    public static string? FromEnvironment() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } token ? token : null;
}
