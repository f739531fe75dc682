using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Exchange.LoadGenerator;

/// <summary>The harness's Orleans client: finds the silos through the PostgreSQL membership table.</summary>
internal static class LoadClient
{
    public static async Task<(IHost Host, IClusterClient Grains)> ConnectAsync(LoadOptions options)
    {
        var host = new HostBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(o => o.ClusterId = o.ServiceId = options.ClusterId);
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = options.ConnectionString;
                });
            })
            .Build();
        await host.StartAsync();
        return (host, host.Services.GetRequiredService<IClusterClient>());
    }
}
