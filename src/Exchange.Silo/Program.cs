using Exchange.Silo.Api;
using Exchange.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddSiloConfiguration();
builder.AddExchangeDatabase();
builder.AddExchangeOrleans();
builder.AddExchangeTelemetry();
builder.AddExchangeHealthChecks();
builder.AddExchangeApiDocs();
builder.AddExchangeApi();

var app = builder.Build();

// Orleans reads its tables as soon as it starts, so the schema must be current before RunAsync.
await app.Services.GetRequiredService<DatabaseStartup>().MigrateAsync(app.Lifetime.ApplicationStopping);

app.UseExchangeApi();
app.MapExchangeEndpoints();
await app.RunAsync();
