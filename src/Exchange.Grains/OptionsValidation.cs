using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Exchange.Grains;

/// <summary>
/// The one way the exchange validates its options: each options class lists its own problems, each naming its setting,
/// and the host refuses to start while any is listed, rather than a grain failing on it later.
/// </summary>
public static class OptionsValidation
{
    /// <summary>Binds an exchange options class to its configuration section and validates it at start with its own problems.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration section)
        where T : class, IValidatedOptions
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddOptions<T>().Bind(section).ValidateProblems(o => o.Problems());
    }

    /// <summary>Validates at start with <paramref name="problems"/>; every problem is part of the failure's message.</summary>
    public static OptionsBuilder<T> ValidateProblems<T>(this OptionsBuilder<T> builder, Func<T, IReadOnlyList<string>> problems)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IValidateOptions<T>>(new ProblemsValidator<T>(builder.Name, problems));
        return builder.ValidateOnStart();
    }

    private sealed class ProblemsValidator<T>(string? name, Func<T, IReadOnlyList<string>> problems) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? optionsName, T options)
        {
            if (name is not null && name != optionsName)
            {
                return ValidateOptionsResult.Skip;
            }

            var found = problems(options);
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}

/// <summary>An exchange options class: it lists its own problems, each naming its setting (empty when it is valid).</summary>
public interface IValidatedOptions
{
    IReadOnlyList<string> Problems();
}
