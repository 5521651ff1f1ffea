using System.ComponentModel.DataAnnotations;

namespace Meldebok.Server.Infrastructure.Realtime;

/// <summary>Real-time settings (section <c>Realtime</c>).</summary>
internal sealed class RealtimeOptions
{
    public const string Section = "Realtime";

    /// <summary>Whether this process publishes the outbox. Off only for processes that must not push (and in tests of a stopped publisher).</summary>
    public bool PublisherEnabled { get; set; } = true;

    /// <summary>
    /// How often the publisher looks for unpublished events without being woken, in milliseconds: events
    /// committed by another process, or left behind by a process that stopped between commit and publish.
    /// </summary>
    [Range(50, 60_000)] public int PollIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Events given their sequence in one transaction.</summary>
    [Range(1, 10_000)] public int BatchSize { get; set; } = 500;

    /// <summary>Published events older than this are deleted by the daily retention job; reconnecting clients can catch up this far back.</summary>
    [Range(1, 365)] public int EventRetentionDays { get; set; } = 7;

    /// <summary>
    /// StackExchange.Redis connection string (<c>redis:6379</c>, <c>host:6379,password=…,ssl=true</c>). Empty: one replica, events
    /// reach only this process's connections. Set on every replica: the SignalR Redis backplane is switched on and every published
    /// event is fanned out through Redis to the connections of all replicas (Infrastructure/ScaleOut).
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>Prefix of the Redis channels, so that several installations can share one Redis.</summary>
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")] public string RedisChannelPrefix { get; set; } = "meldebok";
}
