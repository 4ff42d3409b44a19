using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AkkaPay.Testing;

namespace AkkaPay.Host.Tests;

/// <summary>
/// A router and two cell processes started with `akkapay node`, as cells/three-process.json describes, on free
/// ports: cell-a hosts c0 (buckets 00-49), cell-b hosts c1 (buckets 50-99). A node can be killed and started
/// again on the same ports and data. c0 may have a second node (<see cref="SecondNodeOfCellA"/>), sharing c0's
/// journal (the same data directory): a green node for blue-green tests, or a node in site-b for failovers.
/// </summary>
public sealed class ThreeProcessCluster : IAsyncDisposable
{
    public const string AdminToken = "tk";

    public enum SecondNodeOfCellA { None, Green, SiteB }

    private readonly string _data;
    private readonly string _topology;
    private readonly Dictionary<string, (int Remoting, int Http)> _ports;
    private readonly Dictionary<string, AkkapayProcess> _processes = new();

    /// <summary>c0's journals as the topology gives them: its SQLite file in the data directory.</summary>
    public const string C0OnSqlite = "\"journal\":{\"provider\":\"sqlite\",\"path\":\"cell-c0.db\"}";

    /// <param name="c0Journals">c0's "journal" (and "journalBySite") members of the topology file.</param>
    private ThreeProcessCluster(string data, SecondNodeOfCellA second, string c0Journals)
    {
        _data = data;
        var (secondName, secondPlacement) = second switch
        {
            SecondNodeOfCellA.Green => ("cell-a-green", "\"color\":\"green\""),
            SecondNodeOfCellA.SiteB => ("cell-a-site-b", "\"site\":\"site-b\""),
            _ => (null, null),
        };
        string[] names = secondName is null ? ["router", "cell-a", "cell-b"] : ["router", "cell-a", "cell-b", secondName];
        _ports = names.ToDictionary(name => name, _ => (FreePort.Next(), FreePort.Next()));
        var secondNode = secondName is null ? ""
            : $$$""",{"name":"{{{secondName}}}","remotingPort":{{{_ports[secondName].Remoting}}},"httpPort":{{{_ports[secondName].Http}}},"cells":["c0"],{{{secondPlacement}}}}""";
        _topology = Path.Combine(data, "three-process.json");
        File.WriteAllText(_topology, $$$"""
            {"sites":["site-a","site-b"],
             "cells":[{"id":"c0","buckets":["00-49"],"site":"site-a",{{{c0Journals}}}},
                      {"id":"c1","buckets":["50-99"],"site":"site-a","journal":{"provider":"sqlite","path":"cell-c1.db"}}],
             "nodes":[{"name":"router","remotingPort":{{{_ports["router"].Remoting}}},"httpPort":{{{_ports["router"].Http}}},"router":true},
                      {"name":"cell-a","remotingPort":{{{_ports["cell-a"].Remoting}}},"httpPort":{{{_ports["cell-a"].Http}}},"cells":["c0"]},
                      {"name":"cell-b","remotingPort":{{{_ports["cell-b"].Remoting}}},"httpPort":{{{_ports["cell-b"].Http}}},"cells":["c1"]}{{{secondNode}}}]}
            """);
    }

    public string DataDirectory => _data;

    public AkkapayProcess Router => _processes["router"];

    public static async Task<ThreeProcessCluster> StartAsync(string data, SecondNodeOfCellA second = SecondNodeOfCellA.None, string c0Journals = C0OnSqlite)
    {
        var cluster = new ThreeProcessCluster(data, second, c0Journals);
        foreach (var name in cluster._ports.Keys) cluster.Launch(name);
        foreach (var process in cluster._processes.Values) await process.WhenReady();
        return cluster;
    }

    public AkkapayProcess this[string name] => _processes[name];

    /// <summary>The node's address in the cluster, as Akka logs it.</summary>
    public string ClusterAddressOf(string name) => $"akka.tcp://akkapay@127.0.0.1:{_ports[name].Remoting}";

    /// <summary>SIGKILL one node's process.</summary>
    public Task Kill(string name) => _processes[name].Kill();

    /// <summary>Starts a node again, on its ports and data directory, and waits until it says it is ready.</summary>
    public async Task Restart(string name)
    {
        await _processes[name].DisposeAsync();
        await Launch(name).WhenReady();
    }

    private AkkapayProcess Launch(string name) =>
        _processes[name] = AkkapayProcess.Start(_ports[name].Http, "node", "--topology", _topology, "--node", name, "--data", _data, "--admin-token", AdminToken);

    public Task<HttpResponseMessage> Post(string path, string json) =>
        Router.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>Posts until the router answers 2xx: the cells join the router's cluster a few seconds after it forms, and their buckets answer 503 until then.</summary>
    public Task PostUntilOk(string path, string json) => PostUntil(path, json, (_, _) => false);

    /// <summary>
    /// Opens an account, posting until it exists. An account has no requestId: a 503 leaves its outcome unknown,
    /// and when the cell did open it, the next try answers 409 account_exists.
    /// </summary>
    public Task OpenAccount(string accountId) =>
        PostUntil("/v1/accounts", $$"""{"accountId":"{{accountId}}","type":"personal"}""",
            (earlier, response) => earlier == HttpStatusCode.ServiceUnavailable && response.StatusCode == HttpStatusCode.Conflict);

    private async Task PostUntil(string path, string json, Func<HttpStatusCode?, HttpResponseMessage, bool> alsoDone)
    {
        HttpStatusCode? earlier = null;
        var answers = new StringBuilder();
        await Probe.Until(async () =>
        {
            using var response = await Post(path, json);
            answers.Append($"\n{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var done = response.IsSuccessStatusCode || alsoDone(earlier, response);
            earlier = response.StatusCode;
            return done;
        }, TimeSpan.FromSeconds(60), () => $"POST {path} {json} never succeeded; answers:{answers}");
    }

    public Task<JsonElement> Audit() => Admin("/admin/ledger/audit");

    /// <summary>GETs a management path of the router with the operator token.</summary>
    public async Task<JsonElement> Admin(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return await (await Router.Http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes.Values) await process.DisposeAsync();
    }
}
