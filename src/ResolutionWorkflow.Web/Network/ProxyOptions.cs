using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ResolutionWorkflow.Web.Network;

/// <summary>
/// The reverse proxies in front of the web nodes (section <c>Proxy</c>). Only a request that arrives
/// from one of them has its client's address taken from <c>X-Forwarded-For</c> (and the scheme from
/// <c>X-Forwarded-Proto</c>); from anywhere else the headers are ignored, so a client cannot name
/// itself another address to slip past the sign-in limits. Empty (the default): no proxy is trusted.
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string Section = "Proxy";

    /// <summary>Addresses of the proxies, e.g. <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public bool Any => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(KnownProxies[i], out _)) { yield return new ValidationResult($"'{KnownProxies[i]}' is not an IP address", [$"{nameof(KnownProxies)}:{i}"]); }
        }
        for (var i = 0; i < KnownNetworks.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(KnownNetworks[i], out _)) { yield return new ValidationResult($"'{KnownNetworks[i]}' is not a network in CIDR form (10.0.0.0/24)", [$"{nameof(KnownNetworks)}:{i}"]); }
        }
    }

    /// <summary>The middleware's options: the client's address from the nearest trusted proxy, nothing further.</summary>
    public ForwardedHeadersOptions ToForwardedHeaders()
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in KnownProxies) { options.KnownProxies.Add(IPAddress.Parse(proxy)); }
        foreach (var network in KnownNetworks) { options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network)); }
        return options;
    }
}
