using Akka.Serialization;
using AkkaPay.Cell.Accounts;
using AkkaPay.Cell.Routing;
using AkkaPay.Cell.Serialization;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Accounts.Hot;
using AkkaPay.Domain.Money;
using AkkaPay.Domain.Payments;
using AkkaPay.Domain.Routing;
using AkkaPay.Testing;

namespace AkkaPay.Cell.Tests;

[Collection(JournalsCollection.Name)]
public class SerializationTests(JournalBackend journals)
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 8, 30, 0, TimeSpan.FromHours(8));
    private static readonly AccountId Alice = AccountId.Parse("2088000000000137");
    private static readonly AccountId Shop = AccountId.Parse("2088000000000399");
    private static readonly PaymentOrder Order = PaymentOrder.MerchantPayment(Alice, Shop, 5_000, Currency.Cny, "order-7");
    private static readonly AccountEntry Entry = new("2088000000000137-p1/debit", "2088000000000137-p1", -5_000, 1_000, At);

    /// <summary>c1 moved to site-b by a table version that carried no epochs: read back, every cell is at the first epoch.
    /// Declared before the examples: static fields are set in the order they are written.</summary>
    private static readonly RoutingTable TableBeforeEpochs =
        RoutingTable.Restore(2, [.. TestRoutings.TwoCells.CellByBucket], new Dictionary<string, string> { ["c0"] = "site-a", ["c1"] = "site-b" });

    /// <summary>One example of every type that the journal stores. A new event type must be added here.</summary>
    public static readonly object[] PersistedExamples =
    [
        new AccountOpened(Alice, AccountType.Personal, Currency.Cny, At),
        new AccountPosted(Entry, "4bf92f3577b34da6a3ce929d0e0e4736"),
        new AccountSnapshot(Alice, AccountType.Personal, Currency.Cny, 1_000, [Entry]),
        new PaymentRejected("2088000000000137-p0", Order, "4bf92f3577b34da6a3ce929d0e0e4736", "account_not_found", "account 2088000000000399 does not exist", At),
        new PaymentInitiated("2088000000000137-p1", Order, 30, "4bf92f3577b34da6a3ce929d0e0e4736", At),
        new PaymentSucceeded(At),
        new PaymentCompensating("limit_exceeded", "account 2088000000000399 cannot hold that much", At),
        new PaymentFailed("insufficient_funds", "account 2088000000000137 has 1, the payment needs 5000", At),
        new RefundReserved("2088000000000399-r1", 1_000, At),
        new RefundReleased("2088000000000399-r1", At),
        new RoutingTableAdopted(RoutingTableRecord.Of(TableBeforeEpochs), At),
        new AccountMadeHot(16, At),
        new AccountSweptIn(3, 7, new AccountEntry("2088000000000399:sweep:3:7/in", "2088000000000399:sweep:3:7", 4_970, 9_940, At)),
        new SubAccountCredited(new AccountEntry("2088000000000137-p1/credit", "2088000000000137-p1", 4_970, 4_970, At), "4bf92f3577b34da6a3ce929d0e0e4736"),
        new SubAccountSwept(7, new AccountEntry("2088000000000399:sweep:3:7/out", "2088000000000399:sweep:3:7", -4_970, 0, At)),
        new SubAccountSnapshot(Shop, 3, 4_970, 9_940, 7, 4_970, [new AccountEntry("2088000000000137-p1/credit", "2088000000000137-p1", 4_970, 4_970, At)]),
    ];

    [Fact]
    public void Every_persisted_type_has_an_example()
    {
        Assert.Equal(
            AkkaPaySerializer.PersistedTypes.Select(t => t.Name).Order(),
            PersistedExamples.Select(e => e.GetType().Name).Order());
    }

    [Fact]
    public async Task Every_persisted_type_round_trips_through_the_akkapay_serializer_with_a_stable_manifest()
    {
        await using var node = await CellNode.StartAsync(await journals.NewJournalAsync(JournalBackend.Sqlite));
        foreach (var example in PersistedExamples)
        {
            var serializer = Assert.IsType<AkkaPaySerializer>(node.System.Serialization.FindSerializerFor(example));
            var manifest = Assert.IsType<string>(Akka.Serialization.Serialization.ManifestFor(serializer, example));
            Assert.EndsWith(".v1", manifest);
            var back = serializer.FromBinary(serializer.ToBinary(example), manifest);
            Assert.Equal(Json(serializer, example), Json(serializer, back));
        }
    }

    [Fact]
    public async Task Checked_in_samples_of_every_event_still_read_back()
    {
        await using var node = await CellNode.StartAsync(await journals.NewJournalAsync(JournalBackend.Sqlite));
        var serializer = (AkkaPaySerializer)node.System.Serialization.FindSerializerFor(PersistedExamples[0]);
        if (Environment.GetEnvironmentVariable("AKKAPAY_WRITE_SAMPLES") is { } folder)
            foreach (var example in PersistedExamples)
                if (!File.Exists(Path.Combine(folder, $"{serializer.Manifest(example)}.json")))
                    await File.WriteAllBytesAsync(Path.Combine(folder, $"{serializer.Manifest(example)}.json"), serializer.ToBinary(example));

        foreach (var example in PersistedExamples)
        {
            var manifest = serializer.Manifest(example);
            var path = Path.Combine(AppContext.BaseDirectory, "Samples", $"{manifest}.json");
            Assert.True(File.Exists(path), $"no sample for {manifest}: run once with AKKAPAY_WRITE_SAMPLES=<tests/AkkaPay.Cell.Tests/Samples> and commit it");

            var fromSample = serializer.FromBinary(await File.ReadAllBytesAsync(path), manifest);
            Assert.Equal(Json(serializer, example), Json(serializer, AsReadToday(fromSample)));
        }
    }

    /// <summary>
    /// The routing table's sample was journaled before cells had green shares and epochs: it must read back as a table
    /// whose cells have the default share and the first epoch, which is what the example carries.
    /// </summary>
    private static object AsReadToday(object sample) =>
        sample is RoutingTableAdopted adopted ? adopted with { Table = RoutingTableRecord.Of(adopted.Table.ToTable()) } : sample;

    private static string Json(Serializer serializer, object value) => System.Text.Encoding.UTF8.GetString(serializer.ToBinary(value));
}
