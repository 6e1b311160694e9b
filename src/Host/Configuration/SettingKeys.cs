using System.Collections;
using System.Reflection;
using CodeFirst.AspNetCore;
using ProdStock.ClientSdk;
using ProdStock.Host.Telemetry;
using ProdStock.Services.Storage;
using ProdStock.Services.Users;

namespace ProdStock.Host.Configuration;

/// <summary>
/// Finds configuration keys under <c>ProdStock</c> that no options class reads. The binder ignores them, so a typo such
/// as <c>--ProdStock:Grpc:Prot=5001</c> would start the host on the default port without a word; here it stops the host
/// naming the key and the nearest real one.
/// </summary>
internal static class SettingKeys
{
    /// <summary>Each section the host binds, with the classes bound to it (the REST section feeds two).</summary>
    private static readonly (string Section, Type[] Types)[] Sections =
    [
        (ProdStockHostOptions.SectionName, [typeof(ProdStockHostOptions)]),
        (ProdStockHostOptions.SectionName + ":Rest", [typeof(RestEndpointOptions), typeof(RestGatewayOptions)]),
        (StoreOptions.SectionName, [typeof(StoreOptions)]),
        (UserScoreOptions.SectionName, [typeof(UserScoreOptions)]),
        (LimitsOptions.SectionName, [typeof(LimitsOptions)]),
        (TelemetryOptions.SectionName, [typeof(TelemetryOptions)]),
        ("ProdStock:Gateway:Upstream", [typeof(ProdStockClientOptions)]),
    ];

    /// <exception cref="HostStartupException">A key under <c>ProdStock</c> is read by nothing.</exception>
    public static void ThrowIfUnknown(IConfiguration configuration)
    {
        foreach (var (key, value) in configuration.GetSection(ProdStockHostOptions.SectionName).AsEnumerable())
        {
            if (value is not null && Unknown(key) is { } problem)
            {
                throw new HostStartupException(problem + " The settings are listed in README.md, section \"Configuration\".");
            }
        }
    }

    /// <summary>Why <paramref name="key"/> is not a setting, or <see langword="null"/> when some class reads it.</summary>
    internal static string? Unknown(string key)
    {
        var segments = key.Split(':');
        (string Name, int Depth)? nearest = null;
        foreach (var (section, types) in Sections)
        {
            var prefix = section.Split(':');
            if (segments.Length <= prefix.Length || !segments.Take(prefix.Length).SequenceEqual(prefix, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var type in types)
            {
                if (Resolve(type, segments.AsSpan(prefix.Length), out var suggestion))
                {
                    return null;
                }

                // The deepest suggestion is the most specific: ProdStock:Store:Pth is nearer Store:Path than anything at the top.
                if (suggestion is { } found && (nearest is null || found.Depth < nearest.Value.Depth))
                {
                    nearest = found;
                }
            }
        }

        var names = typeof(ProdStockHostOptions).GetProperties().Select(p => p.Name)
            .Concat(Sections.Select(s => s.Section.Split(':')).Where(p => p.Length > 1).Select(p => p[1]))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (nearest is null && segments.Length > 1 && !names.Contains(segments[1], StringComparer.OrdinalIgnoreCase))
        {
            // The first segment names no section or member at all: suggest among every name the top level has.
            var guess = names.MinBy(name => Distance(name, segments[1]));
            nearest = guess is not null && IsNear(guess, segments[1]) ? (guess, segments.Length - 1) : null;
        }

        return nearest is not { } near
            ? $"{key} is not a setting ProdStock reads."
            : $"{key} is not a setting ProdStock reads; did you mean {string.Join(':', segments[..(segments.Length - near.Depth)].Append(near.Name))}?";
    }

    /// <summary>Whether <paramref name="path"/> names a settable member of <paramref name="type"/>; else the nearest name where it went wrong.</summary>
    private static bool Resolve(Type type, ReadOnlySpan<string> path, out (string Name, int Depth)? nearest)
    {
        nearest = null;
        var current = type;
        for (var i = 0; i < path.Length; i++)
        {
            if (IsScalar(current))
            {
                return false;
            }

            if (ItemType(current) is { } item)
            {
                current = item; // the segment is an index or a dictionary key: any value
                continue;
            }

            var segment = path[i];
            var properties = current.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToList();
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                var guess = properties.MinBy(p => Distance(p.Name, segment));
                nearest = guess is not null && IsNear(guess.Name, segment) ? (guess.Name, path.Length - i) : null;
                return false;
            }

            current = property.PropertyType;
        }

        return IsScalar(current) || ItemType(current) is not null;
    }

    private static bool IsScalar(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || underlying == typeof(decimal)
            || underlying == typeof(TimeSpan) || underlying == typeof(Uri) || underlying == typeof(DateTime) || underlying == typeof(DateTimeOffset);
    }

    /// <summary>The item type of a list, array or string-keyed dictionary, whose next segment is an index or key.</summary>
    private static Type? ItemType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type))
        {
            return null;
        }

        var generic = type.IsInterface && type.IsGenericType ? [type, .. type.GetInterfaces()] : type.GetInterfaces();
        var dictionary = generic.FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        if (dictionary is not null)
        {
            return dictionary.GetGenericArguments()[1];
        }

        return generic.FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    private static bool IsNear(string name, string typed) => Distance(name, typed) <= Math.Max(2, typed.Length / 3);

    /// <summary>Levenshtein distance, ignoring case.</summary>
    private static int Distance(string a, string b)
    {
        a = a.ToUpperInvariant();
        b = b.ToUpperInvariant();
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
