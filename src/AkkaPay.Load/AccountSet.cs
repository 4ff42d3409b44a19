using System.Text.Json;
using System.Text.Json.Serialization;

namespace AkkaPay.Load;

public sealed record LoadAccount(string Id, string Cell);

/// <summary>
/// The accounts a run works on: personal accounts spread over all 100 buckets (funded by top-ups), a few
/// merchants and one hot merchant. Saved as JSON so a later run can reuse them.
/// </summary>
public sealed record AccountSet(string Tag, IReadOnlyList<LoadAccount> Personal, IReadOnlyList<LoadAccount> Merchants, LoadAccount HotMerchant)
{
    public const long Funding = 1_000_000_000;
    public const int MerchantCount = 10;
    public const int HotSubAccounts = 16;

    /// <summary>Ids "2087" + tag (4 digits) + number (6 digits) + bucket (2 digits): a tag per set keeps sets apart.</summary>
    public static string IdOf(string tag, int number) => $"2087{tag}{number:000000}{number % 100:00}";

    public static async Task<AccountSet> CreateAsync(RouterClient client, int personal, string tag, CancellationToken cancel)
    {
        async Task<LoadAccount> Open(int number, string type, string extra)
        {
            var id = IdOf(tag, number);
            var answer = await PostSettingUp(client, "/v1/accounts", $$"""{"accountId":"{{id}}","type":"{{type}}"{{extra}}}""", cancel);
            if (answer.ErrorCode == "account_exists") answer = await client.Get($"/v1/accounts/{id}", cancel);
            if (!answer.Ok) throw new InvalidOperationException($"could not open account {id}: {answer.Status} {answer.ErrorCode}");
            return new LoadAccount(id, answer.Body.GetProperty("cell").GetString()!);
        }

        var accounts = await Parallel(Enumerable.Range(0, personal), async number =>
        {
            var account = await Open(number, "personal", "");
            var funded = await PostSettingUp(client, "/v1/topups", $$"""{"requestId":"fund-{{tag}}","accountId":"{{account.Id}}","amount":{{Funding}}}""", cancel);
            if (!funded.Ok) throw new InvalidOperationException($"could not fund {account.Id}: {funded.Status} {funded.ErrorCode}");
            return account;
        });
        var merchants = await Parallel(Enumerable.Range(personal, MerchantCount), number => Open(number, "merchant", ""));
        var hot = await Open(personal + MerchantCount, "merchant", $$""","hot":true,"subAccounts":{{HotSubAccounts}}""");
        return new AccountSet(tag, accounts, merchants, hot);
    }

    private static readonly TimeSpan SetUpRetryFor = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SetUpRetryPause = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Posts a set-up request, again while the router answers 503 or nothing within the client's timeout (a cell of
    /// a cluster that has just started, is moving, or is reconnecting its nodes): opening an account that did open
    /// answers account_exists the next time, and a top-up has a requestId, so a second send changes nothing.
    /// </summary>
    private static async Task<Answer> PostSettingUp(RouterClient client, string path, string json, CancellationToken cancel)
    {
        var until = DateTime.UtcNow + SetUpRetryFor;
        while (true)
        {
            var answer = await client.Post(path, json, cancel);
            if (answer.Status is not (503 or 0) || DateTime.UtcNow > until) return answer;
            await Task.Delay(SetUpRetryPause, cancel);
        }
    }

    public static AccountSet Load(string path) =>
        JsonSerializer.Deserialize(File.ReadAllText(path), LoadJsonContext.Default.AccountSet)
        ?? throw new FormatException($"{path} holds no account set");

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, LoadJsonContext.Default.AccountSet));

    private static async Task<List<T>> Parallel<T>(IEnumerable<int> numbers, Func<int, Task<T>> open)
    {
        var results = new System.Collections.Concurrent.ConcurrentDictionary<int, T>();
        await System.Threading.Tasks.Parallel.ForEachAsync(numbers, new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (number, _) => results[number] = await open(number));
        return [.. results.OrderBy(pair => pair.Key).Select(pair => pair.Value)];
    }
}
