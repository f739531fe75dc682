using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Exchange.Silo.Api.Requests;

/// <summary>
/// Typed, validated reads of one JSON object's fields. Each read records what is wrong under the field's full name
/// and returns null; <see cref="RejectUnknown"/> then names every field nobody asked for, so a misspelt
/// <c>postOnly</c> is an error rather than an order that silently crosses.
/// </summary>
public sealed partial class BodyFields
{
    private readonly JsonElement _object;
    private readonly string _prefix;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private BodyFields(JsonElement element, string prefix, FieldErrors errors)
    {
        _object = element;
        _prefix = prefix;
        Errors = errors;
    }

    public FieldErrors Errors { get; }

    /// <summary>The fields of a request body, which must be a JSON object.</summary>
    public static BodyFields Of(JsonDocument body, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(errors);
        if (body.RootElement.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "The body must be a JSON object.");
            return new BodyFields(JsonDocument.Parse("{}").RootElement, "", errors);
        }

        return new BodyFields(body.RootElement, "", errors);
    }

    /// <summary>Whether the field is present and not null.</summary>
    public bool Has(string name) => _object.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public string? String(string name, bool required, int maxLength, Regex? pattern = null, string? patternHint = null)
    {
        if (Get(name, required, JsonValueKind.String, "a string") is not { } value)
        {
            return null;
        }

        var text = value.GetString()!;
        if (text.Length == 0 || text.Length > maxLength)
        {
            return Refuse<string>(name, $"Must be 1 to {maxLength} characters.");
        }

        return pattern is null || pattern.IsMatch(text) ? text : Refuse<string>(name, patternHint ?? "Has characters that are not allowed.");
    }

    /// <summary>One of a fixed set of strings (exact spelling), mapped to its value.</summary>
    public T? Choice<T>(string name, bool required, IReadOnlyDictionary<string, T> choices)
        where T : struct
    {
        if (Get(name, required, JsonValueKind.String, "a string") is not { } value)
        {
            return null;
        }

        return choices.TryGetValue(value.GetString()!, out var choice)
            ? choice
            : Wrong<T>(name, $"Must be one of: {string.Join(", ", choices.Keys)}.");
    }

    /// <summary>One of a configured set of strings (regions, models), exact spelling.</summary>
    public string? OneOf(string name, bool required, IReadOnlyCollection<string> allowed)
    {
        if (Get(name, required, JsonValueKind.String, "a string") is not { } value)
        {
            return null;
        }

        return allowed.Contains(value.GetString()!) ? value.GetString() : Refuse<string>(name, $"Must be one of: {string.Join(", ", allowed)}.");
    }

    public long? Integer(string name, bool required, long min, long max)
    {
        if (Get(name, required, JsonValueKind.Number, "a whole number") is not { } value)
        {
            return null;
        }

        if (!value.TryGetInt64(out var number))
        {
            return Wrong<long>(name, IsWhole(value) ? $"Must be between {min} and {max}." : "Must be a whole number.");
        }

        return number < min || number > max ? Wrong<long>(name, $"Must be between {min} and {max}.") : number;
    }

    public bool? Boolean(string name, bool required)
    {
        if (!_object.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            _read.Add(name);
            return required ? Wrong<bool>(name, "Is required.") : null;
        }

        _read.Add(name);
        return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : Wrong<bool>(name, "Must be true or false.");
    }

    /// <summary>A decimal amount sent as a string (never a JSON number), with at most <paramref name="decimals"/> places, in [min, max].</summary>
    public decimal? DecimalString(string name, bool required, int decimals, decimal min, decimal max)
    {
        if (!_object.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            _read.Add(name);
            return required ? Wrong<decimal>(name, "Is required.") : null;
        }

        _read.Add(name);
        if (value.ValueKind != JsonValueKind.String)
        {
            return Wrong<decimal>(name, "Must be a decimal string such as \"0.42\", not a JSON number.");
        }

        var text = value.GetString()!;
        if (!DecimalPattern().IsMatch(text) || !decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return Wrong<decimal>(name, "Must be a plain decimal string such as \"0.42\".");
        }

        var point = text.IndexOf('.', StringComparison.Ordinal);
        if (point >= 0 && text.Length - point - 1 > decimals)
        {
            return Wrong<decimal>(name, $"Has more than {decimals} decimals.");
        }

        return amount < min || amount > max ? Wrong<decimal>(name, $"Must be between {min} and {max}.") : amount;
    }

    public DateTimeOffset? Timestamp(string name, bool required)
    {
        if (Get(name, required, JsonValueKind.String, "an ISO 8601 timestamp string") is not { } value)
        {
            return null;
        }

        return DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            && value.GetString()!.Contains('T', StringComparison.Ordinal)
            ? time.ToUniversalTime()
            : Wrong<DateTimeOffset>(name, "Must be an ISO 8601 timestamp such as 2026-11-28T14:00:00Z.");
    }

    /// <summary>A list of distinct strings, each one of <paramref name="allowed"/>.</summary>
    public IReadOnlyList<string>? StringSet(string name, bool required, IReadOnlyCollection<string> allowed)
    {
        if (Get(name, required, JsonValueKind.Array, "an array of strings") is not { } value)
        {
            return null;
        }

        var items = new List<string>();
        var ok = true;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !allowed.Contains(item.GetString()!))
            {
                ok = false;
                Errors.Add(Name(name), $"Each item must be one of: {string.Join(", ", allowed)}.");
                break;
            }

            if (items.Contains(item.GetString()!))
            {
                ok = false;
                Errors.Add(Name(name), $"'{item.GetString()}' appears twice.");
                break;
            }

            items.Add(item.GetString()!);
        }

        return ok ? items : null;
    }

    /// <summary>A nested object's fields, named <c>name.field</c>.</summary>
    public BodyFields? Object(string name, bool required) =>
        Get(name, required, JsonValueKind.Object, "an object") is { } value ? new BodyFields(value, Name(name) + ".", Errors) : null;

    /// <summary>A nested object, or <c>false</c> to turn off what it configures: (true, null) for false, (false, null) when absent or wrong.</summary>
    public (bool Off, BodyFields? Fields) ObjectOrFalse(string name)
    {
        _read.Add(name);
        if (!_object.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (false, null);
        }

        return value.ValueKind switch
        {
            JsonValueKind.False => (true, null),
            JsonValueKind.Object => (false, new BodyFields(value, Name(name) + ".", Errors)),
            _ => (false, Refuse<BodyFields>(name, "Must be an object or false.")),
        };
    }

    /// <summary>An array of objects, each item's fields named <c>name[i].field</c>.</summary>
    public IReadOnlyList<BodyFields>? Objects(string name, bool required, int maxItems)
    {
        if (Get(name, required, JsonValueKind.Array, "an array") is not { } value)
        {
            return null;
        }

        var length = value.GetArrayLength();
        if (length == 0 || length > maxItems)
        {
            return Refuse<IReadOnlyList<BodyFields>>(name, $"Must have 1 to {maxItems} items.");
        }

        var items = new List<BodyFields>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                return Refuse<IReadOnlyList<BodyFields>>($"{name}[{index}]", "Must be an object.");
            }

            items.Add(new BodyFields(item, $"{Name(name)}[{index}].", Errors));
            index++;
        }

        return items;
    }

    /// <summary>A field that must not be sent in this kind of request.</summary>
    public void Forbid(string name, string why)
    {
        _read.Add(name);
        if (Has(name))
        {
            Errors.Add(Name(name), why);
        }
    }

    /// <summary>Names every field that no read asked for.</summary>
    public void RejectUnknown()
    {
        foreach (var property in _object.EnumerateObject())
        {
            if (!_read.Contains(property.Name))
            {
                Errors.Add(Name(property.Name), "Is not a field of this request.");
            }
        }
    }

    /// <summary>Records a problem with a field found by a check outside this reader.</summary>
    public void Fail(string name, string message) => Errors.Add(Name(name), message);

    private JsonElement? Get(string name, bool required, JsonValueKind kind, string expected)
    {
        _read.Add(name);
        if (!_object.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? FailElement(name, "Is required.") : null;
        }

        return value.ValueKind == kind ? value : FailElement(name, $"Must be {expected}.");
    }

    private JsonElement? FailElement(string name, string message)
    {
        Errors.Add(Name(name), message);
        return null;
    }

    private T? Wrong<T>(string name, string message)
        where T : struct
    {
        Errors.Add(Name(name), message);
        return null;
    }

    private T? Refuse<T>(string name, string message)
        where T : class
    {
        Errors.Add(Name(name), message);
        return null;
    }

    private string Name(string name) => _prefix + name;

    private static bool IsWhole(JsonElement number) =>
        !number.GetRawText().Contains('.', StringComparison.Ordinal) && !number.GetRawText().Contains('e', StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^[0-9]{1,15}(\.[0-9]+)?\z")]
    private static partial Regex DecimalPattern();
}
