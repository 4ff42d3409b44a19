namespace AkkaPay.Cell.Persistence.GroupCommit;

/// <summary>How a journal reads a stream's highest sequence number: every entity's recovery asks for one.</summary>
internal interface IHighestSequenceNrReader : IDisposable
{
    Task<long> Read(string persistenceId);
}
