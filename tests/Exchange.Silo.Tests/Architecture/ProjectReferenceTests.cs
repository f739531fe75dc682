using System.Reflection;
using System.Xml.Linq;
using Exchange.Grains;
using Exchange.Markets;
using Exchange.Matching;
using Exchange.Storage;
using Exchange.TestSupport;

namespace Exchange.Silo.Tests.Architecture;

/// <summary>
/// Dependencies point inward only: engine ← markets ← storage and contracts ← grains ← host. Read from the project files
/// (what a change to a .csproj would break) and from the built assemblies (what a package brings in transitively).
/// </summary>
public sealed class ProjectReferenceTests
{
    // Each project with the projects it may reference; anything else, including a project not listed, is an outward arrow.
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Exchange.Matching"] = [],
        ["Exchange.Markets"] = ["Exchange.Matching"],
        ["Exchange.Storage"] = ["Exchange.Markets"],
        ["Exchange.Contracts"] = ["Exchange.Markets"],
        ["Exchange.Grains"] = ["Exchange.Contracts", "Exchange.Markets", "Exchange.Matching", "Exchange.Storage"],
        ["Exchange.Silo"] = ["Exchange.Grains", "Exchange.Storage"],
        ["Exchange.ApiClient"] = [],
        ["Exchange.Demo"] = ["Exchange.ApiClient"],
    };

    public static TheoryData<string> Projects() => [.. Allowed.Keys];

    [Theory]
    [MemberData(nameof(Projects))]
    public void A_project_references_only_projects_further_in(string project)
    {
        var references = ProjectReferences(project);

        Assert.All(references, reference => Assert.Contains(reference, Allowed[project]));
    }

    [Fact]
    public void Every_project_under_src_has_its_place_in_the_layers()
    {
        var projects = Directory.GetFiles(RepositoryPaths.Combine("src"), "*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension);

        Assert.All(projects, project => Assert.True(Allowed.ContainsKey(project!), $"{project} is not in the architecture test's layers."));
    }

    [Theory]
    [InlineData("Exchange.Matching")]
    [InlineData("Exchange.Markets")]
    public void The_deterministic_core_takes_no_package(string project) =>
        Assert.Empty(Csproj(project).Descendants("PackageReference"));

    [Fact]
    public void The_engine_and_the_markets_library_load_neither_Orleans_nor_Npgsql()
    {
        string[] assemblies = [.. Closure(typeof(MarketCore).Assembly), .. Closure(typeof(OrderBook).Assembly)];

        Assert.DoesNotContain(assemblies, name => name.StartsWith("Orleans", StringComparison.Ordinal));
        Assert.DoesNotContain(assemblies, name => name.StartsWith("Npgsql", StringComparison.Ordinal));
    }

    [Fact]
    public void Storage_knows_no_grain_and_no_Orleans()
    {
        var assemblies = Closure(typeof(StorageServices).Assembly);

        Assert.DoesNotContain(assemblies, name => name.StartsWith("Orleans", StringComparison.Ordinal));
        Assert.DoesNotContain("Exchange.Grains", assemblies);
        Assert.DoesNotContain("Exchange.Contracts", assemblies);
    }

    [Fact]
    public void The_grains_know_nothing_of_the_host()
    {
        Assert.DoesNotContain("Exchange.Silo", Closure(typeof(GrainServices).Assembly));
        Assert.DoesNotContain(Closure(typeof(GrainServices).Assembly), name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    private static XDocument Csproj(string project) =>
        XDocument.Load(RepositoryPaths.Combine("src", project, project + ".csproj"));

    private static string[] ProjectReferences(string project) =>
        [.. Csproj(project).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))];

    /// <summary>The names of the assemblies <paramref name="root"/> references, directly or through other Exchange assemblies.</summary>
    private static HashSet<string> Closure(Assembly root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<AssemblyName>(root.GetReferencedAssemblies());
        while (pending.TryPop(out var name))
        {
            if (name.Name is not { } simple || !seen.Add(simple) || !simple.StartsWith("Exchange.", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var reference in Assembly.Load(name).GetReferencedAssemblies())
            {
                pending.Push(reference);
            }
        }

        return seen;
    }
}
