using System.ComponentModel.DataAnnotations;

namespace Meldebok.Server.Features.Messages;

/// <summary>Sending bulk messages (section <c>Messages</c>): the undo window, scheduling and the fan-out.</summary>
internal sealed class MessageOptions
{
    public const string Section = "Messages";

    /// <summary>How long after "send" a bulk message may be cancelled; its fan-out starts when the window ends.</summary>
    [Range(0, 600, ErrorMessage = "Messages:UndoWindowSeconds må være mellom 0 og 600.")]
    public int UndoWindowSeconds { get; set; } = 10;

    /// <summary>How far ahead a bulk message may be scheduled (<c>sendAt</c>).</summary>
    [Range(1, 365, ErrorMessage = "Messages:MaxScheduleDays må være mellom 1 og 365.")]
    public int MaxScheduleDays { get; set; } = 90;

    /// <summary>Recipients stored per transaction by the fan-out; the sender's progress moves once per batch.</summary>
    [Range(100, 100_000, ErrorMessage = "Messages:FanOutBatchSize må være mellom 100 og 100000.")]
    public int FanOutBatchSize { get; set; } = 5000;

    /// <summary>A fan-out claimed longer ago than this is taken to be from a worker that died, and is run again.</summary>
    [Range(1, 1440, ErrorMessage = "Messages:FanOutClaimTimeoutMinutes må være mellom 1 og 1440.")]
    public int FanOutClaimTimeoutMinutes { get; set; } = 5;

    public TimeSpan UndoWindow => TimeSpan.FromSeconds(UndoWindowSeconds);
}
