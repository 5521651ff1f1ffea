using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Meldebok.Server.Tests.Observability;

/// <summary>A logger provider that keeps every line with the values of the scopes it was written in.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<Entry> entries = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public sealed record Entry(string Category, LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, object?>> Scope)
    {
        public IEnumerable<string?> ScopeValues(string name) => Scope.Where(s => s.Key == name).Select(s => s.Value?.ToString());
    }

    public IReadOnlyList<Entry> Entries => [.. entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new List<KeyValuePair<string, object?>>();
            owner.scopes.ForEachScope((value, list) =>
            {
                if (value is IEnumerable<KeyValuePair<string, object>> values)
                {
                    list.AddRange(values.Select(v => new KeyValuePair<string, object?>(v.Key, v.Value)));
                }
                else if (value is IEnumerable<KeyValuePair<string, object?>> nullableValues)
                {
                    list.AddRange(nullableValues);
                }
            }, scope);
            owner.entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), scope));
        }
    }
}
