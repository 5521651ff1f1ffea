using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Meldebok.Server.Infrastructure.Security;

/// <summary>
/// The reverse proxies (load balancers) in front of the host (section <c>Security</c>). Only a request that
/// comes straight from one of them may say, in <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>, who the
/// client is and whether it spoke HTTPS; from anyone else those headers are ignored, since a client could
/// otherwise pick its own address and escape the per-address sign-in limit.
/// </summary>
internal sealed class ProxyOptions : IValidatableObject
{
    public const string Section = "Security";

    /// <summary>Addresses of the proxies, e.g. <c>10.0.0.5</c> or <c>fd00::5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public bool TrustsAnyProxy => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<IPAddress> Proxies() => KnownProxies.Select(p => IPAddress.Parse(p.Trim()));

    public IEnumerable<IPNetwork> Networks() => KnownNetworks.Select(n => IPNetwork.Parse(n.Trim()));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (proxy, index) in KnownProxies.Select((p, i) => (p, i)))
        {
            if (!IPAddress.TryParse(proxy?.Trim(), out _))
            {
                yield return new ValidationResult(
                    $"{Section}:{nameof(KnownProxies)}:{index} ('{proxy}') is not an IP address, e.g. 10.0.0.5.", [nameof(KnownProxies)]);
            }
        }

        foreach (var (network, index) in KnownNetworks.Select((n, i) => (n, i)))
        {
            if (!IPNetwork.TryParse(network?.Trim(), out _))
            {
                yield return new ValidationResult(
                    $"{Section}:{nameof(KnownNetworks)}:{index} ('{network}') is not a network in CIDR notation, e.g. 10.0.0.0/24.", [nameof(KnownNetworks)]);
            }
        }
    }
}
