using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Features.Usage;

/// <summary>Usage statistics settings (section <c>Usage</c>).</summary>
internal sealed class UsageOptions : IValidatableObject
{
    public const string Section = "Usage";
    public const int MinimumKeyLength = 32;

    /// <summary>
    /// The secret under which actor keys are computed (HMAC-SHA256 of the person's roster id). Required outside
    /// Development and Testing; at least 32 characters; the same on every replica and kept for as long as the
    /// statistics should recognise the same person across days (changing it starts everyone afresh).
    /// </summary>
    public string? PseudonymKey { get; set; }

    /// <summary>
    /// The command timeout of the aggregation's statements, in seconds (the nightly job, the on-demand API and the
    /// <c>aggregate-usage</c> verb). Far longer than a request's default of 30 s: re-aggregating a large municipality's
    /// year reads tens of millions of events.
    /// </summary>
    [Range(1, 86_400)] public int AggregationCommandTimeoutSeconds { get; set; } = 3600;

    /// <summary>
    /// The memory each sort or hash of the aggregation may use before it spills to disk (PostgreSQL's <c>work_mem</c>,
    /// set for the aggregation's transaction only), in megabytes.
    /// </summary>
    [Range(4, 4096)] public int AggregationWorkMemMegabytes { get; set; } = 256;

    /// <summary>Set by the host: Development and Testing derive a fixed key when none is configured.</summary>
    public bool AllowDevelopmentKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(PseudonymKey))
        {
            if (!AllowDevelopmentKey)
            {
                yield return new ValidationResult("Usage:PseudonymKey is required outside Development (a secret of at least 32 characters).", [nameof(PseudonymKey)]);
            }
        }
        else if (PseudonymKey.Length < MinimumKeyLength)
        {
            yield return new ValidationResult($"Usage:PseudonymKey must be at least {MinimumKeyLength} characters.", [nameof(PseudonymKey)]);
        }
    }

    /// <summary>The key bytes: the configured secret, or in Development and Testing a fixed key derived from a constant.</summary>
    public byte[] KeyBytes() => string.IsNullOrEmpty(PseudonymKey)
        ? SHA256.HashData("meldebok-development-usage-pseudonyms"u8)
        : Encoding.UTF8.GetBytes(PseudonymKey);
}

/// <summary>
/// Pseudonymous actor keys. A keyed hash (HMAC) and not a plain hash: the person ids are few and guessable, so a plain
/// SHA-256 of them could be reversed by hashing every roster id; without the secret, a key says nothing about who it
/// is. The same person gets the same key every day, which is what distinct counts and "signed in at least once" need.
/// </summary>
internal sealed class UsagePseudonyms(IOptions<UsageOptions> options)
{
    private readonly byte[] _key = options.Value.KeyBytes();

    public byte[] KeyOf(Guid personId) => HMACSHA256.HashData(_key, personId.ToByteArray());
}
