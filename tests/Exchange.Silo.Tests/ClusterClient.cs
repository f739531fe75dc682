using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Exchange.Silo.Tests;

/// <summary>An Orleans client that finds the silos' gateways through the PostgreSQL membership table, as an outside client would.</summary>
public static class ClusterClient
{
    public static async Task<IHost> ConnectAsync(string connectionString, string clusterId)
    {
        var host = new HostBuilder()
            .UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = clusterId;
                });
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = connectionString;
                });
                client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));
                client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
            })
            .Build();
        await host.StartAsync();
        return host;
    }
}
