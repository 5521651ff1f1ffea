using System.ComponentModel.DataAnnotations;

namespace Meldebok.Server.Infrastructure.Idempotency;

/// <summary>Idempotent writes (section <c>Idempotency</c>).</summary>
internal sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a key is remembered after its first use; a retry after that is processed as a new request.</summary>
    [Range(1, 24 * 30)] public int ExpiryHours { get; set; } = 24;

    /// <summary>
    /// How long a retry waits for the first request with the same key to finish before it answers 409,
    /// in milliseconds: a client that retries at once after a timeout then gets the stored answer.
    /// </summary>
    [Range(0, 30_000)] public int InFlightWaitMilliseconds { get; set; } = 3000;
}
