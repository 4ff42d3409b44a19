using System.Text;

namespace AkkaPay.Api.Tests;

/// <summary>One request the API must refuse with a problem, and what made it hostile.</summary>
/// <param name="RefusedByKestrel">
/// A request target Kestrel itself refuses (a NUL in the path) with a bare 400 before any middleware runs: no
/// problem body is possible, so only the status is checked.
/// </param>
public sealed record HostileRequest(
    string Kind, string Method, string Path, byte[]? Body, string? MediaType, IReadOnlyList<(string Name, string Value)> Headers, bool RefusedByKestrel = false)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), Path);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            message.Content.Headers.Remove("Content-Type");
            if (MediaType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", MediaType);
        }
        foreach (var (name, value) in Headers) message.Headers.TryAddWithoutValidation(name, value);
        return message;
    }

    public override string ToString()
    {
        var body = Body is null ? "" : Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 160)) + (Body.Length > 160 ? $"… ({Body.Length} bytes)" : "");
        return $"[{Kind}] {Method} {(Path.Length > 120 ? Path[..120] + "…" : Path)} ({MediaType ?? "no media type"}) {body}";
    }
}

/// <summary>
/// A seeded generator of malformed and hostile requests for every endpoint. Each one is invalid by construction,
/// whatever the draw: a required field missing, of the wrong type or outside its domain; a field the contract does
/// not have, or one given twice; JSON cut short, with trailing bytes, comments, bad UTF-8 or nesting past the
/// limit; a body over the size limit; a body not declared as JSON; a method or path the API does not serve; an
/// operator call without the token. Odd headers ride along on any of them. Valid bodies are only ever the base that
/// one of these breaks, so that a request that slipped through would show as a changed balance.
/// </summary>
public sealed class HostileRequests
{
    private const string OperatorPath = "/admin";

    private readonly Random _random;
    private readonly string _operatorToken;
    private readonly Endpoint[] _endpoints;
    private readonly string[] _readPaths;
    private long _count;

    /// <param name="alice">A funded personal account.</param>
    /// <param name="bob">Another personal account.</param>
    /// <param name="shop">A merchant account.</param>
    /// <param name="paid">A succeeded merchant payment of alice to shop.</param>
    /// <param name="unused">A well-formed account id that does not exist: what a create-account body names.</param>
    public HostileRequests(int seed, string operatorToken, string alice, string bob, string shop, string paid, string unused)
    {
        _random = new Random(seed);
        _operatorToken = operatorToken;
        var account = new FieldKind(BadAccountIds);
        var requestId = new FieldKind(BadRequestIds);
        var amount = new FieldKind(BadAmounts);
        _endpoints =
        [
            new("/v1/accounts", false, [new("accountId", Json(unused), account), new("type", "\"personal\"", new(["\"internal\"", "\"Personal\"", "\"\"", "\"personal \"", .. WrongTypes(text: true)]))]),
            new("/v1/topups", false, [new("requestId", "\"fz\"", requestId), new("accountId", Json(alice), account), new("amount", "500", amount)]),
            new("/v1/withdrawals", false, [new("requestId", "\"fz\"", requestId), new("accountId", Json(alice), account), new("amount", "5", amount)]),
            new("/v1/transfers", false, [new("requestId", "\"fz\"", requestId), new("from", Json(alice), account), new("to", Json(bob), account), new("amount", "5", amount)]),
            new("/v1/payments", false, [new("requestId", "\"fz\"", requestId), new("payer", Json(alice), account), new("merchant", Json(shop), account), new("amount", "5", amount)]),
            new("/v1/refunds", false, [new("requestId", "\"fz\"", requestId), new("paymentId", Json(paid), new(["\"\"", "\"not-a-payment\"", Json(alice), Json(alice + "-"), Json(paid + " "), .. WrongTypes(text: true)])), new("amount", "1", amount)]),
            new($"{OperatorPath}/accounts/{shop}/hot", true, [new("subAccounts", "4", new(["0", "65", "-1", "2.5", "\"4\"", "1e1", "4294967300", .. WrongTypes(text: false)]))]),
            new($"{OperatorPath}/traffic/c0/shift", true, [new("greenPercent", "100", new(["-1", "101", "50.5", "\"100\"", .. WrongTypes(text: false)])), new("replacesVersion", "1", new(["\"1\"", "1.5", .. WrongTypes(text: false)]))]),
            new($"{OperatorPath}/traffic/c0/failover", true, [new("toSite", "\"site-b\"", new([.. WrongTypes(text: true)])), new("replacesVersion", "1", new(["\"1\"", "1.5", .. WrongTypes(text: false)]))]),
        ];
        _readPaths = [$"/v1/accounts/{alice}", $"/v1/accounts/{alice}/entries", $"/v1/payments/{paid}", $"{OperatorPath}/ledger/audit", $"{OperatorPath}/cells"];
    }

    /// <summary>A field of a body, its valid value (the base a mutation breaks) and values it must never take.</summary>
    private sealed record Field(string Name, string Valid, FieldKind Kind);

    private sealed record FieldKind(string[] Invalid);

    private sealed record Endpoint(string Path, bool ForOperators, Field[] Fields);

    public HostileRequest Next()
    {
        var n = _count++;
        var request = _random.Next(20) switch
        {
            < 11 => BrokenBody(n),
            < 13 => WrongMediaType(n),
            < 15 => WrongMethod(n),
            < 18 => OddPath(),
            _ => WithoutOperatorToken(n),
        };
        return _random.Next(4) == 0 ? request with { Headers = [.. request.Headers, OddHeader()] } : request;
    }

    /// <summary>A body of a write endpoint with one thing broken, declared as JSON, with the token where one is needed.</summary>
    private HostileRequest BrokenBody(long n)
    {
        var endpoint = Pick(_endpoints);
        var members = ValidMembers(endpoint, n);
        var (kind, body) = _random.Next(13) switch
        {
            0 => Drop(members),
            1 or 2 or 3 => Replace(endpoint, members),
            4 => ("unknown field", Object([.. members, ($"x_{Word()}", AnyJson())])),
            5 => Duplicate(members),
            6 => Recased(members),
            7 => Truncated(Object(members)),
            8 => ("trailing bytes", Object(members) + Pick(["}", "x", ",", "{}", "]", "\"", "0"])),
            9 => Syntax(members),
            10 => ("wrong top level", Pick(["", " ", "[]", $"[{Object(members)}]", "\"text\"", "42", "null", "true", "{}"])),
            11 => NestedPastTheLimit(members),
            _ => ("over the size limit", Object([.. members, ("x_pad", Json(new string('p', 64 * 1024 + _random.Next(64 * 1024))))])),
        };
        var bytes = Encoding.UTF8.GetBytes(body);
        if (_random.Next(12) == 0) (kind, bytes) = ($"{kind}, bad UTF-8", WithBadUtf8(bytes));
        return new(kind, "POST", endpoint.Path, bytes, Pick(["application/json", "application/json; charset=utf-8", "application/problem+json"]), Token(endpoint));
    }

    private (string, string) Drop(List<(string Name, string Value)> members)
    {
        var dropped = _random.Next(members.Count);
        return ($"missing {members[dropped].Name}", Object([.. members.Where((_, i) => i != dropped)]));
    }

    private (string, string) Replace(Endpoint endpoint, List<(string Name, string Value)> members)
    {
        var at = _random.Next(members.Count);
        var field = endpoint.Fields[at];
        members[at] = (field.Name, Pick(field.Kind.Invalid));
        return ($"bad {field.Name}", Object(members));
    }

    private (string, string) Duplicate(List<(string Name, string Value)> members)
    {
        var twice = members[_random.Next(members.Count)];
        members.Insert(_random.Next(members.Count + 1), twice);
        return ($"{twice.Name} twice", Object(members));
    }

    /// <summary>Names are case-sensitive: "Amount" is a field the contract does not have, and amount is then missing.</summary>
    private (string, string) Recased(List<(string Name, string Value)> members)
    {
        var at = _random.Next(members.Count);
        var name = members[at].Name;
        members[at] = (_random.Next(2) == 0 ? char.ToUpperInvariant(name[0]) + name[1..] : name.ToUpperInvariant(), members[at].Value);
        return ($"{name} recased", Object(members));
    }

    /// <summary>A field's value replaced by arrays nested deeper than the reader's limit (64).</summary>
    private (string, string) NestedPastTheLimit(List<(string Name, string Value)> members)
    {
        var depth = 65 + _random.Next(5000);
        var at = _random.Next(members.Count);
        members[at] = (members[at].Name, new string('[', depth) + new string(']', depth));
        return ($"{members[at].Name} nested {depth} deep", Object(members));
    }

    private (string, string) Truncated(string json) => ("cut short", json[..(1 + _random.Next(json.Length - 1))]);

    /// <summary>Broken JSON syntax; every rule here breaks any body (our bodies have no colon or quote inside a value).</summary>
    private (string, string) Syntax(List<(string Name, string Value)> members)
    {
        var json = Object(members);
        return _random.Next(5) switch
        {
            0 => ("a quote removed", RemoveOne(json, '"')),
            1 => ("= for :", ReplaceOne(json, ':', '=')),
            2 => ("comment", "{/* note */" + json[1..]),
            3 => ("trailing comma", json[..^1] + ",}"),
            _ => ("single quotes", json.Replace('"', '\'')),
        };
    }

    private string RemoveOne(string text, char c)
    {
        var positions = Enumerable.Range(0, text.Length).Where(i => text[i] == c).ToArray();
        var at = Pick(positions);
        return text.Remove(at, 1);
    }

    private string ReplaceOne(string text, char c, char with)
    {
        var positions = Enumerable.Range(0, text.Length).Where(i => text[i] == c).ToArray();
        var chars = text.ToCharArray();
        chars[Pick(positions)] = with;
        return new string(chars);
    }

    /// <summary>A byte that is never UTF-8 put inside the first string of the body, or a control byte where JSON wants none.</summary>
    private byte[] WithBadUtf8(byte[] json)
    {
        var quote = Array.IndexOf(json, (byte)'"');
        var at = quote < 0 ? json.Length / 2 : quote + 1;
        return [.. json[..at], Pick(new byte[] { 0xFF, 0xC0, 0x80, 0xFE, 0xED }), .. json[at..]];
    }

    /// <summary>A good body sent as something other than JSON: refused unread, so it must change nothing.</summary>
    private HostileRequest WrongMediaType(long n)
    {
        var endpoint = Pick(_endpoints);
        var mediaType = Pick<string?>(["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/octet-stream", "json", "text/json-ish", null]);
        return new("not JSON", "POST", endpoint.Path, Encoding.UTF8.GetBytes(Object(ValidMembers(endpoint, n))), mediaType, Token(endpoint));
    }

    /// <summary>A method the path does not serve (HEAD is left out: its answer has no body to hold a problem).</summary>
    private HostileRequest WrongMethod(long n)
    {
        if (_random.Next(2) == 0)
        {
            var endpoint = Pick(_endpoints);
            var body = Encoding.UTF8.GetBytes(Object(ValidMembers(endpoint, n)));
            return new("wrong method", Pick(["PUT", "PATCH", "DELETE", "GET", "OPTIONS"]), endpoint.Path, body, "application/json", Token(endpoint));
        }
        var read = Pick(_readPaths);
        var headers = read.StartsWith(OperatorPath, StringComparison.Ordinal) ? [("Authorization", $"Bearer {_operatorToken}")] : Array.Empty<(string, string)>();
        return new("wrong method", Pick(["POST", "PUT", "PATCH", "DELETE"]), read, Encoding.UTF8.GetBytes("{}"), "application/json", headers);
    }

    /// <summary>Paths the API does not serve, ids out of their domain, odd encodings and queries.</summary>
    private HostileRequest OddPath()
    {
        var path = _random.Next(7) switch
        {
            0 => Pick(["/v1/transfer", "/v2/transfers", "/v1", "/", "/v1/accounts/x/y/z", "/admin/nothing", "/v1/payments", "/health", "/v1/%2e%2e/admin/cells"]),
            1 => $"/v1/{Word()}/{Word()}",
            2 => $"/v1/accounts/{Uri.EscapeDataString(Pick(BadIdTexts))}",
            3 => $"/v1/accounts/{Uri.EscapeDataString(Pick(BadIdTexts))}/entries",
            4 => $"/v1/payments/{Uri.EscapeDataString(Pick(["x", "2088000000000137", "2088000000000137-", "a b", "\u0000", "ü", new string('p', 2000), "%ff"]))}",
            5 => $"{_readPaths[1]}?limit={Uri.EscapeDataString(Pick(["0", "-5", "1001", "abc", "1.5", "1e3", "99999999999999999999", "10&limit=20"]))}",
            _ => "/v1/accounts/" + Pick(["%00", "%ff", "%2F", "%C0%AF", "..%2F..", "%", "%zz"]),
        };
        return new("odd path", "GET", path, null, null, [], RefusedByKestrel: path.Contains("%00", StringComparison.Ordinal));
    }

    /// <summary>An operator route without the token, or with a wrong one: refused before anything is read.</summary>
    private HostileRequest WithoutOperatorToken(long n)
    {
        var operatorEndpoints = _endpoints.Where(e => e.ForOperators).ToArray();
        var headers = Pick<(string, string)[]>([[], [("Authorization", "Bearer wrong")], [("Authorization", $"Basic {_operatorToken}")], [("Authorization", _operatorToken)],
            [("Authorization", $"Bearer {_operatorToken[..^1]}")], [("Authorization", $"Bearer {_operatorToken}x")]]);
        if (_random.Next(2) == 0) return new("no operator token", "GET", Pick(_readPaths.Where(p => p.StartsWith(OperatorPath, StringComparison.Ordinal)).ToArray()), null, null, headers);
        var endpoint = Pick(operatorEndpoints);
        return new("no operator token", "POST", endpoint.Path, Encoding.UTF8.GetBytes(Object(ValidMembers(endpoint, n))), "application/json", headers);
    }

    /// <summary>Headers a client should not send: none of them may turn a refusal into anything else.</summary>
    private (string, string) OddHeader() => _random.Next(8) switch
    {
        0 => ("traceparent", Pick(["", "00-zz", "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "00-00000000000000000000000000000000-b7ad6b7169203331-01", new string('0', 3000)])),
        1 => ("Accept", Pick(["text/html", "application/xml", "*/*;q=abc", "image/png"])),
        2 => ("Accept-Charset", "utf-7"),
        3 => ("X-Forwarded-For", "10.0.0.1, 203.0.113.9"),
        4 => ("Content-Encoding", "gzip"),
        5 => ("X-" + Word(), new string('h', 1 + _random.Next(4000))),
        6 => ("Cookie", $"session={Word()}"),
        _ => ("Idempotency-Key", Word()),
    };

    private List<(string Name, string Value)> ValidMembers(Endpoint endpoint, long n) =>
        [.. endpoint.Fields.Select(f => (f.Name, f.Name == "requestId" ? $"\"fz{n}\"" : f.Valid))];

    private (string, string)[] Token(Endpoint endpoint) => endpoint.ForOperators ? [("Authorization", $"Bearer {_operatorToken}")] : [];

    private static string Object(IEnumerable<(string Name, string Value)> members) =>
        "{" + string.Join(",", members.Select(m => $"\"{m.Name}\":{m.Value}")) + "}";

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private string AnyJson() => Pick(["1", "\"x\"", "null", "true", "[]", "{}", "{\"a\":[1,2,{\"b\":null}]}", Json(new string('u', 500))]);

    private string Word() => new([.. Enumerable.Range(0, 1 + _random.Next(12)).Select(_ => (char)('a' + _random.Next(26)))]);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>Strings that are never a customer's account id: wrong length, not digits, padded, odd characters.</summary>
    private static readonly string[] BadIdTexts =
    [
        "", "2088", "208800000000013", "20880000000001370", "20880000000001x7", "２０８８０００００００００１３７", " 2088000000000137", "2088000000000137\n",
        "2088000000000\u00001377", "2088000000000137\u202e", "😀😀😀😀😀😀😀😀", "9999999999999999999999999999", "-208800000000013", "2088.000000000137", new string('9', 1000),
    ];

    private static readonly string[] BadAccountIds = [.. BadIdTexts.Select(Json), "\"\\ud800\"", "\"\\u0000\"", "2088000000000137", .. WrongTypes(text: true)];

    private static readonly string[] BadRequestIds = ["\"\"", "\"bad id\"", "\"a/b\"", "\"ü\"", "\"\\ud800\"", "\"\\t\"", Json(new string('r', 65)), Json(new string('r', 5000)), "5", .. WrongTypes(text: true)];

    private static readonly string[] BadAmounts =
        ["0", "-1", "-9223372036854775808", "9223372036854775808", "1.5", "1.0", "1e3", "1E400", "0x10", "\"5\"", "NaN", "Infinity", "-0", "01", "+5", .. WrongTypes(text: false)];

    /// <summary>Values of another JSON type than a field's (null included: every field these mutate is required).</summary>
    private static string[] WrongTypes(bool text) => text ? ["5", "true", "null", "{}", "[]", "[\"x\"]"] : ["\"x\"", "true", "null", "{}", "[]", "[1]"];
}
