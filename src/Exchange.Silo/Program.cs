using Exchange.Silo.Api;
using Exchange.Silo.Hosting;

// The content root is the binary's folder, not the working one: the host watches its content root's whole tree for
// configuration changes, and a checkout holds the private PostgreSQL's data directory, whose every write then woke the silo.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
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
