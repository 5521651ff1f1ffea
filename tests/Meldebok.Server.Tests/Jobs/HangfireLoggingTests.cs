using Meldebok.Server.Infrastructure.Jobs;
using Microsoft.Extensions.Logging;
using HangfireLogLevel = Hangfire.Logging.LogLevel;

namespace Meldebok.Server.Tests.Jobs;

/// <summary>Hangfire's process-wide log provider writes into the host's logging, and goes silent once that host is gone.</summary>
public sealed class HangfireLoggingTests
{
    [Fact]
    public void Hangfire_messages_reach_the_host_logging_at_the_matching_level()
    {
        var sink = new RecordingProvider();
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(sink).SetMinimumLevel(LogLevel.Information));
        var log = new HangfireLogProvider(factory).GetLogger("Hangfire.Test");

        Assert.False(log.Log(HangfireLogLevel.Debug, null));
        Assert.True(log.Log(HangfireLogLevel.Warn, () => "Arbeider stopper"));

        var entry = Assert.Single(sink.Entries);
        Assert.Equal((LogLevel.Warning, "Hangfire.Test", "Arbeider stopper"), entry);
    }

    [Fact]
    public void A_logger_asked_of_a_disposed_host_logging_is_silent()
    {
        var factory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace));
        var provider = new HangfireLogProvider(factory);
        factory.Dispose();

        var log = provider.GetLogger("Hangfire.Test");

        Assert.False(log.Log(HangfireLogLevel.Error, null));
    }

    private sealed class RecordingProvider : ILoggerProvider
    {
        public List<(LogLevel Level, string Category, string Message)> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Recorder(RecordingProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Add((logLevel, category, formatter(state, exception)));
        }
    }
}
