using Exchange.Grains;
using System.Net;

namespace Exchange.Silo.Hosting;

/// <summary>Where this silo listens and which cluster it joins (section <c>Silo</c>).</summary>
public sealed class SiloHostingOptions : IValidatedOptions
{
    public const string SectionName = "Silo";

    public string ClusterId { get; set; } = "token-exchange";

    public string ServiceId { get; set; } = "token-exchange";

    /// <summary>The address other silos and clients reach this one on; loopback by default.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Where the Orleans gateway listens: loopback unless configured. The gateway lets any Orleans client call any grain
    /// (a market's order entry included) with no key, so a silo given a routable <see cref="AdvertisedAddress"/> for its
    /// peers still keeps its gateway on this machine until an operator names another address here.
    /// </summary>
    public string GatewayListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The endpoint the gateway listens on.</summary>
    public IPEndPoint GatewayEndpoint => new(IPAddress.Parse(GatewayListenAddress), GatewayPort);

    /// <summary>Serve the Orleans dashboard at /dashboard (its profiler intercepts every grain call).</summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>How long start-up waits for PostgreSQL before giving up.</summary>
    public int StartupDatabaseWaitSeconds { get; set; } = 60;

    /// <summary>Every problem with these options; empty when usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            problems.Add("Silo:ClusterId is required.");
        }

        if (string.IsNullOrWhiteSpace(ServiceId))
        {
            problems.Add("Silo:ServiceId is required.");
        }

        if (!IPAddress.TryParse(AdvertisedAddress, out _))
        {
            problems.Add($"Silo:AdvertisedAddress '{AdvertisedAddress}' is not an IP address.");
        }

        if (!IPAddress.TryParse(GatewayListenAddress, out _))
        {
            problems.Add($"Silo:GatewayListenAddress '{GatewayListenAddress}' is not an IP address.");
        }

        if (SiloPort is < 1 or > 65535)
        {
            problems.Add($"Silo:SiloPort {SiloPort} is not a port.");
        }

        if (GatewayPort is < 1 or > 65535 || GatewayPort == SiloPort)
        {
            problems.Add($"Silo:GatewayPort {GatewayPort} is not a port distinct from SiloPort.");
        }

        if (StartupDatabaseWaitSeconds < 0)
        {
            problems.Add("Silo:StartupDatabaseWaitSeconds cannot be negative.");
        }

        return problems;
    }
}
