using HangfireLogLevel = Hangfire.Logging.LogLevel;

namespace Meldebok.Server.Infrastructure.Jobs;

/// <summary>
/// Hangfire's logging into the host's <see cref="ILoggerFactory"/>. Hangfire keeps its log provider in a process-wide
/// static, so where several hosts share a process (the tests) the provider can outlive the host that set it: a
/// logger asked of a disposed factory is then silent instead of failing the job client that asked for it.
/// </summary>
internal sealed class HangfireLogProvider(ILoggerFactory loggerFactory) : Hangfire.Logging.ILogProvider
{
    public Hangfire.Logging.ILog GetLogger(string name)
    {
        try
        {
            return new HangfireLog(loggerFactory.CreateLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return new HangfireLog(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        }
    }

    private sealed class HangfireLog(ILogger logger) : Hangfire.Logging.ILog
    {
        public bool Log(HangfireLogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            var level = logLevel switch
            {
                HangfireLogLevel.Trace => LogLevel.Trace,
                HangfireLogLevel.Debug => LogLevel.Debug,
                HangfireLogLevel.Info => LogLevel.Information,
                HangfireLogLevel.Warn => LogLevel.Warning,
                HangfireLogLevel.Error => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            if (messageFunc is null)
            {
                return logger.IsEnabled(level);
            }

            if (logger.IsEnabled(level))
            {
#pragma warning disable CA2254 // Hangfire hands over finished messages, not templates.
                logger.Log(level, exception, messageFunc());
#pragma warning restore CA2254
            }

            return true;
        }
    }
}
