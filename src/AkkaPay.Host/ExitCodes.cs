namespace AkkaPay.Host;

/// <summary>The exit codes of every `akkapay` command.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad arguments or topology, a node that refused the command, or a node that could not be reached.</summary>
    public const int Refused = 2;

    /// <summary>The command ran, and the ledger it checked is not clean (unbalanced, money left in transit, an acknowledged payment missing).</summary>
    public const int LedgerNotClean = 3;

    /// <summary>A node the cluster downed: it stopped, and should be started again.</summary>
    public const int Downed = 4;

    /// <summary>The command waited for the cluster (a traffic shift's moves) longer than its timeout.</summary>
    public const int TimedOut = 5;
}
