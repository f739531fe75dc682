using System.Reflection;
using Exchange.Grains;
using Exchange.Storage;
using Microsoft.Extensions.Logging;

namespace Exchange.Silo.Tests.Architecture;

/// <summary>Every log message of the exchange has an event id of its own, so an alert or a search can name exactly one.</summary>
public sealed class LogEventIdTests
{
    private static readonly Assembly[] Assemblies =
        [typeof(GrainServices).Assembly, typeof(StorageServices).Assembly, typeof(Program).Assembly];

    private static List<(string Method, int EventId)> Messages() =>
        [.. Assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => ($"{x.Method.DeclaringType!.Name}.{x.Method.Name}", x.Attribute!.EventId))];

    [Fact]
    public void The_exchange_logs_through_source_generated_messages() =>
        Assert.True(Messages().Count >= 10, $"Found only {Messages().Count} [LoggerMessage] methods: is the scan looking in the right assemblies?");

    [Fact]
    public void Every_log_message_has_a_positive_event_id_no_other_message_has()
    {
        var messages = Messages();

        Assert.All(messages, m => Assert.True(m.EventId > 0, $"{m.Method} has no event id."));
        var shared = messages.GroupBy(m => m.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}").ToList();
        Assert.Empty(shared);
    }
}
