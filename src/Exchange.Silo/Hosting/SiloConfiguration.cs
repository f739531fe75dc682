using Exchange.Grains;
namespace Exchange.Silo.Hosting;

/// <summary>Loads <c>silo-config/</c> beneath every other configuration source, so environment variables and arguments override it.</summary>
internal static class SiloConfiguration
{
    /// <summary>Environment variable naming another configuration folder.</summary>
    public const string ConfigDirVariable = "EXCHANGE_CONFIG_DIR";

    public static WebApplicationBuilder AddSiloConfiguration(this WebApplicationBuilder builder)
    {
        var directory = Environment.GetEnvironmentVariable(ConfigDirVariable);
        if (string.IsNullOrWhiteSpace(directory))
        {
            directory = Path.Combine(AppContext.BaseDirectory, "silo-config");
        }

        if (!Directory.Exists(directory))
        {
            throw new InvalidOperationException($"Configuration folder '{directory}' does not exist; set {ConfigDirVariable}.");
        }

        var files = Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).ToArray();
        var sources = builder.Configuration.Sources;
        for (var i = 0; i < files.Length; i++)
        {
            var file = files[i];
            sources.Insert(i, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
            {
                Path = Path.GetFileName(file),
                FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(directory),
                Optional = false,
                ReloadOnChange = false,
            });
        }

        builder.Services.AddValidatedOptions<SiloHostingOptions>(builder.Configuration.GetSection(SiloHostingOptions.SectionName));
        return builder;
    }

    /// <summary>The bound and validated hosting options, for use while the host is still being built.</summary>
    public static SiloHostingOptions GetSiloOptions(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(SiloHostingOptions.SectionName).Get<SiloHostingOptions>() ?? new SiloHostingOptions();
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid silo configuration: " + string.Join(" ", problems));
        }

        return options;
    }
}
