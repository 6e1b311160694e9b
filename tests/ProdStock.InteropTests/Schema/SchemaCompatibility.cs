using Google.Protobuf.Reflection;

namespace ProdStock.InteropTests.Schema;

/// <summary>
/// Compares two compiled schemas the way <c>buf breaking</c> does for wire and JSON compatibility: every message, field
/// (number, name, type, label), enum value, service and method (types, streaming kinds) of the baseline must still be
/// there unchanged. Additions are fine, and so is widening a singular <c>int32</c> to <c>int64</c> or <c>uint32</c> to
/// <c>uint64</c>: the language guide lists them as compatible (one varint encoding), and a proto3 JSON parser takes an
/// integer as a number or a string, so old clients keep working for every value the old type could hold.
/// </summary>
internal static class SchemaCompatibility
{
    /// <summary>Everything in <paramref name="baseline"/>'s package that <paramref name="current"/> removed or changed, one line each.</summary>
    public static IReadOnlyList<string> FindBreakingChanges(FileDescriptorSet baseline, FileDescriptorSet current, string package = "services")
    {
        var problems = new List<string>();
        var (oldMessages, oldEnums, oldServices) = Index(baseline, package);
        var (newMessages, newEnums, newServices) = Index(current, package);

        foreach (var (name, message) in oldMessages)
        {
            if (!newMessages.TryGetValue(name, out var now))
            {
                problems.Add($"message {name} was removed");
                continue;
            }

            foreach (var field in message.Field)
            {
                var same = now.Field.FirstOrDefault(f => f.Number == field.Number);
                if (same is null)
                {
                    var moved = now.Field.FirstOrDefault(f => f.Name == field.Name);
                    problems.Add(moved is null
                        ? $"field {name}.{field.Name} = {field.Number} was removed"
                        : $"field {name}.{field.Name} was renumbered from {field.Number} to {moved.Number}");
                    continue;
                }

                if (same.Name != field.Name)
                {
                    problems.Add($"field {name} {field.Number} was renamed from {field.Name} to {same.Name}");
                }

                if ((same.Type != field.Type || same.TypeName != field.TypeName) && !IsWidening(field, same))
                {
                    problems.Add($"field {name}.{field.Name} changed type from {Describe(field)} to {Describe(same)}");
                }

                if (same.Label != field.Label)
                {
                    problems.Add($"field {name}.{field.Name} changed label from {field.Label} to {same.Label}");
                }
            }
        }

        foreach (var (name, enumeration) in oldEnums)
        {
            if (!newEnums.TryGetValue(name, out var now))
            {
                problems.Add($"enum {name} was removed");
                continue;
            }

            foreach (var value in enumeration.Value)
            {
                var same = now.Value.FirstOrDefault(v => v.Number == value.Number);
                if (same is null)
                {
                    problems.Add($"enum value {name}.{value.Name} = {value.Number} was removed");
                }
                else if (same.Name != value.Name)
                {
                    problems.Add($"enum value {name} {value.Number} was renamed from {value.Name} to {same.Name}");
                }
            }
        }

        foreach (var (name, service) in oldServices)
        {
            if (!newServices.TryGetValue(name, out var now))
            {
                problems.Add($"service {name} was removed");
                continue;
            }

            foreach (var method in service.Method)
            {
                var same = now.Method.FirstOrDefault(m => m.Name == method.Name);
                if (same is null)
                {
                    problems.Add($"method {name}.{method.Name} was removed");
                    continue;
                }

                if (same.InputType != method.InputType || same.OutputType != method.OutputType)
                {
                    problems.Add($"method {name}.{method.Name} changed from ({method.InputType}) returns ({method.OutputType}) to ({same.InputType}) returns ({same.OutputType})");
                }

                if (same.ClientStreaming != method.ClientStreaming || same.ServerStreaming != method.ServerStreaming)
                {
                    problems.Add($"method {name}.{method.Name} changed streaming kind from {Kind(method)} to {Kind(same)}");
                }
            }
        }

        return problems;
    }

    private static (Dictionary<string, DescriptorProto> Messages, Dictionary<string, EnumDescriptorProto> Enums, Dictionary<string, ServiceDescriptorProto> Services)
        Index(FileDescriptorSet set, string package)
    {
        var messages = new Dictionary<string, DescriptorProto>();
        var enums = new Dictionary<string, EnumDescriptorProto>();
        var services = new Dictionary<string, ServiceDescriptorProto>();
        foreach (var file in set.File.Where(f => f.Package == package))
        {
            foreach (var message in file.MessageType)
            {
                AddMessage(package, message);
            }

            foreach (var enumeration in file.EnumType)
            {
                enums[$"{package}.{enumeration.Name}"] = enumeration;
            }

            foreach (var service in file.Service)
            {
                services[$"{package}.{service.Name}"] = service;
            }
        }

        return (messages, enums, services);

        void AddMessage(string scope, DescriptorProto message)
        {
            var name = $"{scope}.{message.Name}";
            messages[name] = message;
            foreach (var nested in message.NestedType)
            {
                AddMessage(name, nested);
            }

            foreach (var enumeration in message.EnumType)
            {
                enums[$"{name}.{enumeration.Name}"] = enumeration;
            }
        }
    }

    /// <summary>A singular 32-bit varint field that became its 64-bit counterpart of the same signedness.</summary>
    private static bool IsWidening(FieldDescriptorProto before, FieldDescriptorProto after) =>
        before.Label != FieldDescriptorProto.Types.Label.Repeated && (before.Type, after.Type) is
            (FieldDescriptorProto.Types.Type.Int32, FieldDescriptorProto.Types.Type.Int64) or
            (FieldDescriptorProto.Types.Type.Uint32, FieldDescriptorProto.Types.Type.Uint64);

    private static string Describe(FieldDescriptorProto field) =>
        string.IsNullOrEmpty(field.TypeName) ? field.Type.ToString() : field.TypeName;

    private static string Kind(MethodDescriptorProto method) => (method.ClientStreaming, method.ServerStreaming) switch
    {
        (false, false) => "unary",
        (true, false) => "client streaming",
        (false, true) => "server streaming",
        (true, true) => "duplex streaming",
    };
}
