using System.Net;
using Exchange.TestSupport;

namespace Exchange.Silo.Tests;

public sealed class ReadinessTests
{
    [Fact]
    public async Task Readyz_is_503_while_PostgreSQL_is_stopped_and_200_again_after_it_restarts()
    {
        // A PostgreSQL of this test's own, started by our script, so stopping it disturbs no other test.
        var port = FreePorts.Take(1)[0];
        var dir = Path.Combine(Path.GetTempPath(), $"exchange-readyz-{Guid.NewGuid():N}");
        var environment = new Dictionary<string, string>
        {
            ["EXCHANGE_DB_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["EXCHANGE_DB_DIR"] = dir,
            ["EXCHANGE_DB_FSYNC"] = "off",
        };
        await Scripts.RunAsync("db.sh", ["start"], environment);
        try
        {
            var connectionString = await Scripts.RunAsync("db.sh", ["url"], environment);
            await using var silo = SiloProcess.Start(connectionString, $"readyz-{Guid.NewGuid():N}");
            await silo.WaitReadyAsync();

            await Scripts.RunAsync("db.sh", ["stop"], environment);
            await Eventually.HoldsAsync("/readyz to answer 503 with PostgreSQL down", TimeSpan.FromSeconds(30), async () =>
                (await silo.Http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode == HttpStatusCode.ServiceUnavailable);
            using (var live = await silo.Http.GetAsync(new Uri("/healthz", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            }

            await Scripts.RunAsync("db.sh", ["start"], environment);
            await Eventually.HoldsAsync("/readyz to answer 200 after PostgreSQL restarted", TimeSpan.FromSeconds(60), async () =>
                (await silo.Http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode == HttpStatusCode.OK);
            Assert.False(silo.HasExited, silo.Output);
        }
        finally
        {
            await Scripts.RunAsync("db.sh", ["stop"], environment);
            Directory.Delete(dir, recursive: true);
            File.Delete(dir + ".lock");
        }
    }
}
