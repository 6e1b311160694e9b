using System.Collections.Concurrent;
using System.Reflection;
using ProtoBuf;

namespace CodeFirst.AspNetCore.Gateway.Json;

/// <summary>The .proto names of an enum's values (<see cref="ProtoEnumAttribute.Name"/> where given, else the C# name).</summary>
internal sealed class EnumNames
{
    private static readonly ConcurrentDictionary<Type, EnumNames> Cache = new();
    private readonly Dictionary<string, object> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<object, string> _byValue = [];

    private EnumNames(Type enumType)
    {
        foreach (var member in enumType.GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var value = member.GetValue(null)!;
            var name = member.GetCustomAttribute<ProtoEnumAttribute>()?.Name is { Length: > 0 } protoName ? protoName : member.Name;
            _byName[name] = value;
            _byValue.TryAdd(value, name);
        }
    }

    public IEnumerable<string> Names => _byName.Keys;

    public static EnumNames For(Type enumType) => Cache.GetOrAdd(enumType, static t => new EnumNames(t));

    public string? NameOf(object value) => _byValue.GetValueOrDefault(value);

    public object? ValueOf(string name) => _byName.GetValueOrDefault(name);
}
