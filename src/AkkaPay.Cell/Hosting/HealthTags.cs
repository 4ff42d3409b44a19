namespace AkkaPay.Cell.Hosting;

/// <summary>Tags that sort Akka.Hosting's health checks into the /health/live and /health/ready endpoints.</summary>
public static class HealthTags
{
    public const string Live = "live";
    public const string Ready = "ready";
}
