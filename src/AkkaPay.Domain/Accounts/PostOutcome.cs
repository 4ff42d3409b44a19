namespace AkkaPay.Domain.Accounts;

/// <summary>What an account decided about a posting: a new event, the entry it booked before, or a refusal.</summary>
public abstract record PostOutcome
{
    private PostOutcome() { }

    public sealed record Book(AccountPosted Event) : PostOutcome;

    public sealed record AlreadyBooked(AccountEntry Entry) : PostOutcome;

    public sealed record Refused(Rejection Why) : PostOutcome;
}
