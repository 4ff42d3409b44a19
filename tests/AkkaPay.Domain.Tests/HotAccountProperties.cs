using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Accounts.Hot;
using AkkaPay.Domain.Ledger;
using AkkaPay.Domain.Money;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AkkaPay.Domain.Tests;

/// <summary>
/// A hot account and its sub-accounts under any interleaving of credits, debits, the two steps of sweeps and
/// crashes (which forget the sweep answers the main account had not booked yet): the balance read is always what
/// was credited minus what was debited, no ledger goes below zero, and the ledger summary agrees.
/// </summary>
public class HotAccountProperties
{
    private static readonly AccountId Shop = AccountId.Parse("2088000000000399");
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    private const int SubAccounts = 3;

    /// <param name="Kind">0 credit, 1 debit, 2 sweep step 1 (sub-account gives), 3 sweep step 2 (main books an answer), 4 crash.</param>
    public sealed record Step(int Kind, int SubAccount, long Amount);

    private static Arbitrary<Step[]> Steps() =>
        (from kind in Gen.Choose(0, 4)
         from subAccount in Gen.Choose(0, SubAccounts - 1)
         from amount in Gen.Choose(1, 1_000)
         select new Step(kind, subAccount, amount)).ArrayOf().ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Balance_reads_count_every_credit_once_whatever_the_sweeps_and_crashes_do() =>
        Prop.ForAll(Steps(), steps =>
        {
            var main = AccountState.Initial(Shop);
            main = main.Apply(main.DecideOpen(AccountType.Merchant, Currency.Cny, Start).Event!);
            main = main.Apply(main.DecideMakeHot(SubAccounts, Start).Event!);
            var subs = Enumerable.Range(0, SubAccounts).Select(i => new SubAccountState { Main = Shop, Index = i }).ToArray();
            var summary = new LedgerSummary();
            var answers = new List<SweepOutcome>();
            var answerOf = new Dictionary<SweepOutcome, int>();
            long expected = 0;
            var n = 0;

            foreach (var step in steps)
            {
                var at = Start.AddSeconds(++n);
                switch (step.Kind)
                {
                    case 0:
                        var credit = new Posting($"p{n}/credit", $"p{n}", Shop, step.Amount, Currency.Cny, "t", at);
                        var index = Assert.IsType<PostOutcome.RouteToSubAccount>(main.DecidePost(credit, at)).Index;
                        var booked = Assert.IsType<PostOutcome.BookOnSubAccount>(subs[index].DecideCredit(credit, at)).Event;
                        subs[index] = subs[index].Apply(booked);
                        summary.Add(Shop, index, booked);
                        expected += step.Amount;
                        break;
                    case 1 when main.DecidePost(new Posting($"w{n}/debit", $"w{n}", Shop, -step.Amount, Currency.Cny, "t", at), at) is PostOutcome.Book debit:
                        main = main.Apply(debit.Event);
                        summary.Add(Shop, debit.Event);
                        expected -= step.Amount;
                        break;
                    case 2:
                        var outcome = subs[step.SubAccount].DecideSweep(main.NextSweep(step.SubAccount), main.SweepLimit, at);
                        if (outcome.Event is { } swept)
                        {
                            subs[step.SubAccount] = subs[step.SubAccount].Apply(swept);
                            summary.Add(Shop, step.SubAccount, swept);
                        }
                        answers.Add(outcome);
                        answerOf[outcome] = step.SubAccount;
                        break;
                    case 3 when answers.Count > 0:
                        var answer = answers[step.SubAccount % answers.Count];
                        answers.Remove(answer);
                        if (main.DecideSweepIn(answerOf[answer], answer.Sequence, answer.Amount, at) is { } sweptIn)
                        {
                            main = main.Apply(sweptIn);
                            summary.Add(Shop, sweptIn);
                        }
                        break;
                    case 4:
                        answers.Clear();
                        break;
                }
                var read = main.HotBalance(subs.ToDictionary(s => s.Index, s => s.Credited));
                if (read != expected || summary.Sum != expected || main.Balance < 0 || subs.Any(s => s.Balance < 0)) return false;
            }
            return true;
        });
}
