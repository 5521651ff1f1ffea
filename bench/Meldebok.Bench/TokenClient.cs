using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Meldebok.Bench;

/// <summary>
/// Gets a real access token the way the phone app does: authorization code + PKCE through the server's own
/// sign-in page (user name and password), then the token endpoint.
/// </summary>
internal static partial class TokenClient
{
    private const int SignInParallelism = 4;

    /// <summary>Signs every user in, a few at a time (each sign-in hashes a password on the server).</summary>
    public static async Task<List<string>> SignInAllAsync(Uri server, IReadOnlyList<string> userNames)
    {
        var tokens = new string[userNames.Count];
        await Parallel.ForAsync(0, userNames.Count, new ParallelOptions { MaxDegreeOfParallelism = SignInParallelism },
            async (i, ct) => tokens[i] = await SignInAsync(server, userNames[i], ct));
        return [.. tokens];
    }

    public static async Task<string> SignInAsync(Uri server, string userName, CancellationToken ct)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var client = new HttpClient(handler) { BaseAddress = server };

        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = "/connect/authorize?" + string.Join('&', new Dictionary<string, string>
        {
            ["client_id"] = BenchOptions.ClientId,
            ["redirect_uri"] = BenchOptions.RedirectUri,
            ["response_type"] = "code",
            ["scope"] = "openid meldebok.api",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["state"] = "bench",
        }.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));

        var signInPage = Expect(await client.GetAsync(authorize, ct), HttpStatusCode.Redirect).Headers.Location!;
        var html = await client.GetStringAsync(signInPage, ct);
        var antiforgery = AntiforgeryField().Match(html) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("The sign-in page has no antiforgery token.");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = antiforgery,
            ["Input.Username"] = userName,
            ["Input.Password"] = BenchOptions.Password,
        });
        var back = Expect(await client.PostAsync(signInPage, form, ct), HttpStatusCode.Redirect).Headers.Location!;
        var callback = Expect(await client.GetAsync(back, ct), HttpStatusCode.Redirect).Headers.Location!;
        var code = callback.Query.TrimStart('?').Split('&')
            .Select(p => p.Split('=', 2))
            .Single(p => p[0] == "code")[1];

        using var tokenRequest = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = BenchOptions.ClientId,
            ["redirect_uri"] = BenchOptions.RedirectUri,
            ["code"] = Uri.UnescapeDataString(code),
            ["code_verifier"] = verifier,
        });
        var token = Expect(await client.PostAsync("/connect/token", tokenRequest, ct), HttpStatusCode.OK);
        var body = await token.Content.ReadFromJsonAsync<JsonElement>(ct);
        return body.GetProperty("access_token").GetString()!;
    }

    private static HttpResponseMessage Expect(HttpResponseMessage response, HttpStatusCode status) =>
        response.StatusCode == status
            ? response
            : throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)status}.");

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
