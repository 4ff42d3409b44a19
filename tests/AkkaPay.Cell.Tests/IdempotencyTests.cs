using AkkaPay.Domain;
using AkkaPay.Domain.Payments;
using AkkaPay.Testing;

namespace AkkaPay.Cell.Tests;

[Collection(JournalsCollection.Name)]
public class IdempotencyTests(JournalBackend journals)
{
    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task The_same_request_again_returns_the_first_result_and_applies_once(string backend)
    {
        await using var node = await CellNode.StartAsync(await journals.NewJournalAsync(backend));
        var cell = new CellScenario(node);
        var alice = await cell.Open("2088000000000137");
        var bob = await cell.Open("2088000000000242");
        await cell.TopUp(alice, 1_000, "t1");

        var first = await cell.Transfer(alice, bob, 300, "x1");
        var again = await cell.Transfer(alice, bob, 300, "x1");

        Assert.Equal(first, again);
        Assert.Equal(700, await cell.Balance(alice));
        Assert.Equal(300, await cell.Balance(bob));
    }

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task The_same_request_id_with_other_parameters_is_refused_and_applies_nothing(string backend)
    {
        await using var node = await CellNode.StartAsync(await journals.NewJournalAsync(backend));
        var cell = new CellScenario(node);
        var alice = await cell.Open("2088000000000137");
        var bob = await cell.Open("2088000000000242");
        await cell.TopUp(alice, 1_000, "t1");
        await cell.Transfer(alice, bob, 300, "x1");

        var reused = await cell.Transfer(alice, bob, 301, "x1");
        var reusedByOtherKind = await cell.Withdraw(alice, 300, "x1");

        Assert.Equal(RejectionCodes.IdempotencyKeyReused, reused.Failure!.Code);
        Assert.Equal(RejectionCodes.IdempotencyKeyReused, reusedByOtherKind.Failure!.Code);
        Assert.Equal(700, await cell.Balance(alice));
        Assert.Equal(PaymentStatus.Succeeded, (await cell.Payment("2088000000000137-x1")).Status);
        await cell.AssertMoneyIsConserved();
    }

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task Ten_identical_requests_at_once_apply_once_and_all_get_the_same_answer(string backend)
    {
        await using var node = await CellNode.StartAsync(await journals.NewJournalAsync(backend));
        var cell = new CellScenario(node);
        var alice = await cell.Open("2088000000000137");
        var bob = await cell.Open("2088000000000242");
        await cell.TopUp(alice, 1_000, "t1");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => cell.Transfer(alice, bob, 100, "same")));

        Assert.All(outcomes, outcome => Assert.Equal(PaymentStatus.Succeeded, outcome.Status));
        Assert.Equal(900, await cell.Balance(alice));
        Assert.Equal(2, (await cell.Entries(alice)).Count);
    }

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task A_failed_request_keeps_failing_the_same_way_even_when_money_has_arrived_since(string backend)
    {
        await using var node = await CellNode.StartAsync(await journals.NewJournalAsync(backend));
        var cell = new CellScenario(node);
        var alice = await cell.Open("2088000000000137");
        var bob = await cell.Open("2088000000000242");

        var first = await cell.Transfer(alice, bob, 100, "early");
        await cell.TopUp(alice, 1_000, "t1");
        var again = await cell.Transfer(alice, bob, 100, "early");

        Assert.Equal(RejectionCodes.InsufficientFunds, first.Failure!.Code);
        Assert.Equal(first, again);
        Assert.Equal(1_000, await cell.Balance(alice));
    }
}
