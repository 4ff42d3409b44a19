using AkkaPay.Testing;

namespace AkkaPay.Cell.Tests;

[CollectionDefinition(Name)]
public sealed class JournalsCollection : ICollectionFixture<JournalBackend>
{
    public const string Name = "journals";
}
