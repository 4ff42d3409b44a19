namespace AkkaPay.Domain.Payments.Process;

/// <summary>A moment a payment wants to hear of; how long until it comes is the cell's setting.</summary>
public enum ProcessAlarm
{
    /// <summary>The payee's cell has had long enough to answer the payee check.</summary>
    PayeeCheckOverdue,
    /// <summary>The money is in transit long enough: the callers hear in_transit unless the credit landed.</summary>
    AnswerInTransit,
}
