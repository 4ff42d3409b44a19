using AkkaPay.Testing;

namespace AkkaPay.Host.Tests;

[CollectionDefinition(Name)]
public sealed class JournalsCollection : ICollectionFixture<JournalBackend>
{
    public const string Name = "journals";
}
