namespace Exchange.TestSupport;

/// <summary>Finds the checkout the tests run from, so scripts and build outputs can be located.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder that holds Exchange.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path inside the checkout.</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Exchange.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Exchange.sln above {AppContext.BaseDirectory}.");
    }
}
