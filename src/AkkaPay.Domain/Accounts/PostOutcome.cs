namespace AkkaPay.Domain.Accounts;

/// <summary>What an account decided about a posting: a new event, the entry it booked before, or a refusal.</summary>
public abstract record PostOutcome
{
    private PostOutcome() { }

    public sealed record Book(AccountPosted Event) : PostOutcome;

    /// <summary>A hot account's credit, booked by one of its sub-accounts.</summary>
    public sealed record BookOnSubAccount(Hot.SubAccountCredited Event) : PostOutcome;

    /// <summary>A hot account's credit that sub-account <see cref="Index"/> books.</summary>
    public sealed record RouteToSubAccount(int Index) : PostOutcome;

    /// <summary>Booked before; <see cref="Entry"/> is null once the entry is older than the ones the account keeps.</summary>
    public sealed record AlreadyBooked(string PostingId, AccountEntry? Entry) : PostOutcome;

    public sealed record Refused(Rejection Why) : PostOutcome;

    /// <summary>A hot account's debit beyond its main balance: its sub-accounts may hold the money, so sweep them in and decide again.</summary>
    public sealed record SweepFirst : PostOutcome
    {
        public static readonly SweepFirst Instance = new();
    }
}
