using System.Net;
using Exchange.Grains;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Exchange.Silo.Hosting;

/// <summary>Wires the Orleans silo: PostgreSQL clustering, grain storage and reminders, the catalog and the dashboard.</summary>
internal static class OrleansSetup
{
    /// <summary>The ADO.NET invariant Orleans uses to load Npgsql.</summary>
    public const string Invariant = "Npgsql";

    public static WebApplicationBuilder AddExchangeOrleans(this WebApplicationBuilder builder)
    {
        var silo = builder.GetSiloOptions();
        var connectionString = builder.GetConnectionString();

        builder.Services.AddExchangeGrainServices(builder.Configuration);
        builder.Services.AddOptions<ClusterMembershipOptions>().Bind(builder.Configuration.GetSection("Orleans:Membership")).ValidateProblems(o =>
            o.ProbeTimeout > TimeSpan.Zero && o.NumMissedProbesLimit >= 1 && o.IAmAliveTablePublishTimeout > TimeSpan.Zero
                ? []
                : ["Orleans:Membership:ProbeTimeout and Orleans:Membership:IAmAliveTablePublishTimeout must be positive, Orleans:Membership:NumMissedProbesLimit at least 1."]);

        builder.UseOrleans(orleans =>
        {
            orleans.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = silo.ClusterId;
                o.ServiceId = silo.ServiceId;
            });
            orleans.ConfigureEndpoints(IPAddress.Parse(silo.AdvertisedAddress), silo.SiloPort, silo.GatewayPort, listenOnAnyHostAddress: false);
            orleans.Configure<EndpointOptions>(o => o.GatewayListeningEndpoint = silo.GatewayEndpoint);
            orleans.UseAdoNetClustering(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
            orleans.AddAdoNetGrainStorageAsDefault(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
            orleans.UseAdoNetReminderService(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
            orleans.AddActivityPropagation();
            if (silo.Dashboard)
            {
                orleans.AddDashboard();
            }
        });
        return builder;
    }
}
