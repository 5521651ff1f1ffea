using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Meldebok.Browser.Tests.Infrastructure;

/// <summary>The screen sizes pages are tested at.</summary>
public enum Screen
{
    /// <summary>A small phone: 360 × 740 CSS pixels.</summary>
    Phone,

    /// <summary>A laptop or desktop: 1280 × 800 CSS pixels.</summary>
    Desktop,
}

/// <summary>
/// The machine's Chromium (Debian's <c>/usr/bin/chromium</c>), started once per run and driven by Playwright.
/// Playwright's own browser download is never used: the machines have no network. Without Chromium a
/// browser test is skipped with a note on how to install it, except in CI (<c>CI=true</c>), where it fails.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
        });
    }

    /// <summary>
    /// Opens <paramref name="path"/> of <paramref name="app"/> in a new browser context (its own cookies) at the
    /// size of <paramref name="screen"/>, signed in as <paramref name="user"/> (anonymous when null).
    /// </summary>
    public async Task<BrowserPage> OpenAsync(BrowserApp app, string path, Screen screen = Screen.Phone, TestUser? user = null)
    {
        var browser = RequireBrowser();
        var size = screen == Screen.Phone ? new ViewportSize { Width = 360, Height = 740 } : new ViewportSize { Width = 1280, Height = 800 };
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = size,
            IsMobile = screen == Screen.Phone,
            HasTouch = screen == Screen.Phone,
            Locale = "nb-NO",
            TimezoneId = "Europe/Oslo",
            // The test sign-in reads this header on every request, the form posts included.
            ExtraHTTPHeaders = user is null ? null : new Dictionary<string, string> { ["Authorization"] = user.Header().ToString() },
        });
        // Generous: on a 2-core CI machine the other test projects run beside this one, and a host's
        // first page (JIT, component discovery) can take many seconds there.
        context.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(20_000);
        var page = await context.NewPageAsync();
        var response = await page.GotoNamingWhatIsOpenAsync(path) ?? throw new InvalidOperationException($"No response for {path}.");
        return new BrowserPage(context, page, response);
    }

    private IBrowser RequireBrowser()
    {
        if (_browser is null)
        {
            var message = $"Chromium was not found at {ExecutablePath}. Install it to run the browser tests (Debian: apt-get install chromium).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message + " CI must run them.");
            }

            Assert.Skip(message);
        }

        return _browser;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>Navigation that says, when it times out, what the page was still waiting for.</summary>
public static class PageNavigation
{
    /// <summary>
    /// Navigates to <paramref name="path"/> as <c>GotoAsync</c> does. When the page's load event does not come in time, the
    /// timeout names the requests still open and for how long, so that a failure in CI says whether the page or one of its
    /// resources hung.
    /// </summary>
    public static async Task<IResponse?> GotoNamingWhatIsOpenAsync(this IPage page, string path)
    {
        var open = new ConcurrentDictionary<IRequest, DateTime>();
        void Started(object? sender, IRequest request) => open[request] = DateTime.UtcNow;
        void Ended(object? sender, IRequest request) => open.TryRemove(request, out _);
        page.Request += Started;
        page.RequestFinished += Ended;
        page.RequestFailed += Ended;
        try
        {
            return await page.GotoAsync(path);
        }
        catch (TimeoutException ex)
        {
            var now = DateTime.UtcNow;
            var requests = open.Select(o => $"{o.Key.Method} {o.Key.Url} ({(now - o.Value).TotalSeconds:F0} s)").Order(StringComparer.Ordinal).ToList();
            throw new TimeoutException(
                $"{ex.Message}{Environment.NewLine}Requests still open: {(requests.Count == 0 ? "none" : string.Join(", ", requests))}", ex);
        }
        finally
        {
            page.Request -= Started;
            page.RequestFinished -= Ended;
            page.RequestFailed -= Ended;
        }
    }
}

/// <summary>A page open in its own browser context; disposing closes the context.</summary>
public sealed class BrowserPage(IBrowserContext context, IPage page, IResponse response) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    /// <summary>The answer to the first navigation.</summary>
    public IResponse Response { get; } = response;

    public ValueTask DisposeAsync() => new(context.CloseAsync());
}
