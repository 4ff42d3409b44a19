using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AkkaPay.Api.Contracts;

namespace AkkaPay.Host.Commands;

/// <summary>What every operator command shares: which node to ask (--node), the operator token (--token), --json.</summary>
public sealed class OperatorClient
{
    public static readonly Option<string> Node = new("--node") { Description = "a node's HTTP endpoint, host:port", DefaultValueFactory = _ => "127.0.0.1:8080" };
    public static readonly Option<string?> Token = new("--token") { Description = $"operator token (default: ${AdminToken.EnvironmentVariable})" };
    public static readonly Option<bool> Json = new("--json") { Description = "print the node's JSON instead of a table" };

    public static void AddTo(Command command)
    {
        command.Options.Add(Node);
        command.Options.Add(Token);
        command.Options.Add(Json);
    }

    /// <summary>
    /// Prints a node's answer, the body of every operator command: the node's JSON with --json, else the table
    /// <paramref name="render"/> draws. A refused or unreachable node (<paramref name="body"/> null) is
    /// <see cref="ExitCodes.Refused"/>; otherwise <paramref name="exitCode"/> reads the answer (default: done).
    /// </summary>
    public static int Show<T>(ParseResult parsed, string? body, JsonTypeInfo<T> type, Action<T> render, Func<T, int>? exitCode = null)
    {
        if (body is null) return ExitCodes.Refused;
        var answer = JsonSerializer.Deserialize(body, type)!;
        if (parsed.GetValue(Json)) Console.WriteLine(body);
        else render(answer);
        return exitCode?.Invoke(answer) ?? ExitCodes.Ok;
    }

    /// <summary>The node and token the command line names.</summary>
    public static OperatorClient From(ParseResult parsed) => new(parsed.GetValue(Node)!, parsed.GetValue(Token) ?? AdminToken.FromEnvironment());

    /// <summary>GETs a management path; on refusal or an unreachable node, prints the reason and returns null.</summary>
    public static Task<string?> Get(ParseResult parsed, string path, CancellationToken cancel) => From(parsed).Get(path, cancel);

    /// <summary>POSTs JSON to a management path; on refusal or an unreachable node, prints the reason and returns null.</summary>
    public static Task<string?> Post(ParseResult parsed, string path, string json, CancellationToken cancel) => From(parsed).Post(path, json, cancel);

    private readonly string _node;
    private readonly string? _token;

    /// <param name="node">host:port of the node's HTTP endpoint.</param>
    public OperatorClient(string node, string? token)
    {
        _node = node;
        _token = token;
    }

    public Task<string?> Get(string path, CancellationToken cancel) => Send(new HttpRequestMessage(HttpMethod.Get, path), cancel);

    /// <summary>GETs a management path for a poll, which asks again: a refusal (a cell's regions not answering while a node of it is unreachable) returns null unprinted.</summary>
    public Task<string?> Poll(string path, CancellationToken cancel) => Send(new HttpRequestMessage(HttpMethod.Get, path), cancel, printRefusal: false);

    public Task<string?> Post(string path, string json, CancellationToken cancel) =>
        Send(new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") }, cancel);

    private async Task<string?> Send(HttpRequestMessage request, CancellationToken cancel, bool printRefusal = true)
    {
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://{_node}"), Timeout = TimeSpan.FromSeconds(30) };
            if (_token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            using var sent = request;
            using var response = await http.SendAsync(sent, cancel);
            var body = await response.Content.ReadAsStringAsync(cancel);
            if (response.StatusCode == HttpStatusCode.OK) return body;
            if (printRefusal) await Console.Error.WriteLineAsync($"refused by {_node}: {(int)response.StatusCode} {Detail(body)}");
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"cannot reach {_node}: {e.Message}");
            return null;
        }
    }

    private static string Detail(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, ApiJsonContext.Default.Problem) is { } problem ? $"{problem.Code}: {problem.Detail}" : body;
        }
        catch (JsonException)
        {
            return body;
        }
    }
}
