namespace AkkaPay.Domain.Payments;

/// <summary>What a payment does with a request that names it.</summary>
public enum StartDecision
{
    /// <summary>First time: run the payment.</summary>
    Begin,
    /// <summary>Same request again: answer with the first result (or wait for it).</summary>
    Replay,
    /// <summary>Same requestId, other parameters: refuse, apply nothing.</summary>
    KeyReused,
}
