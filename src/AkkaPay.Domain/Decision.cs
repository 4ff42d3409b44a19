namespace AkkaPay.Domain;

/// <summary>A command's outcome: the event to persist, or why it was refused.</summary>
public readonly record struct Decision<TEvent>(TEvent? Event, Rejection? Rejection) where TEvent : class
{
    public static Decision<TEvent> Accept(TEvent accepted) => new(accepted, null);

    /// <summary>Accepted before: nothing new to persist.</summary>
    public static Decision<TEvent> AlreadyDone => new(null, null);

    public static Decision<TEvent> Refuse(Rejection why) => new(null, why);
}
