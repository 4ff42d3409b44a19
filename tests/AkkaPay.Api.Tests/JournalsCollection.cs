using AkkaPay.Testing;

namespace AkkaPay.Api.Tests;

[CollectionDefinition(Name)]
public sealed class JournalsCollection : ICollectionFixture<JournalBackend>
{
    public const string Name = "journals";
}
