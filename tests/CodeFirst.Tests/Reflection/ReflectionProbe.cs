using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using V1 = Grpc.Reflection.V1;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace CodeFirst.Tests.Reflection;

// Shared with ProdStock.IntegrationTests (linked there): a server-reflection client that knows nothing of the server's
// services, and calls made only from what reflection returned. No compiled stub of the reflected services is used.

/// <summary>The server reflection protocol a <see cref="ReflectionProbe"/> speaks.</summary>
public enum ReflectionVersion
{
    /// <summary><c>grpc.reflection.v1.ServerReflection</c>.</summary>
    V1,

    /// <summary><c>grpc.reflection.v1alpha.ServerReflection</c>.</summary>
    V1Alpha,
}

/// <summary>Asks a server's reflection service, through Grpc.Reflection's generated client of either version.</summary>
public sealed class ReflectionProbe(CallInvoker invoker, ReflectionVersion version, TimeSpan timeout)
{
    /// <summary>The full names of the services the server lists.</summary>
    public async Task<IReadOnlyList<string>> ListServicesAsync()
    {
        var response = await ExchangeAsync(new V1Alpha.ServerReflectionRequest { ListServices = "*" });
        return [.. response.ListServicesResponse.Service.Select(service => service.Name)];
    }

    /// <summary>The file that defines <paramref name="symbol"/> (first) and the files it imports, directly or not.</summary>
    public Task<IReadOnlyList<FileDescriptorProto>> FileContainingSymbolAsync(string symbol) =>
        FilesAsync(new V1Alpha.ServerReflectionRequest { FileContainingSymbol = symbol });

    /// <summary>The file of that name (first) and the files it imports, directly or not.</summary>
    public Task<IReadOnlyList<FileDescriptorProto>> FileByFilenameAsync(string fileName) =>
        FilesAsync(new V1Alpha.ServerReflectionRequest { FileByFilename = fileName });

    /// <summary>The error the server answers a request with, or <see langword="null"/>.</summary>
    public async Task<(int Code, string Message)?> ErrorForSymbolAsync(string symbol)
    {
        var response = await ExchangeAsync(new V1Alpha.ServerReflectionRequest { FileContainingSymbol = symbol });
        return response.ErrorResponse is { } error ? (error.ErrorCode, error.ErrorMessage) : null;
    }

    /// <summary>
    /// Builds descriptors from reflected files, which a server sends in no particular order: each file after the files it
    /// imports, as <see cref="FileDescriptor.BuildFromByteStrings(IEnumerable{ByteString})"/> needs.
    /// </summary>
    public static IReadOnlyList<FileDescriptor> Build(IEnumerable<FileDescriptorProto> files)
    {
        var byName = files.ToDictionary(file => file.Name);
        var ordered = new List<FileDescriptorProto>();
        void Visit(FileDescriptorProto file)
        {
            if (ordered.Contains(file))
            {
                return;
            }

            foreach (var dependency in file.Dependency)
            {
                Visit(byName[dependency]);
            }

            ordered.Add(file);
        }

        foreach (var file in byName.Values)
        {
            Visit(file);
        }

        return FileDescriptor.BuildFromByteStrings(ordered.Select(file => file.ToByteString()));
    }

    private async Task<IReadOnlyList<FileDescriptorProto>> FilesAsync(V1Alpha.ServerReflectionRequest request)
    {
        var response = await ExchangeAsync(request);
        response.MessageResponseCase.Should().Be(
            V1Alpha.ServerReflectionResponse.MessageResponseOneofCase.FileDescriptorResponse, "the server answers {0} with files: {1}", request, response.ErrorResponse);
        return [.. response.FileDescriptorResponse.FileDescriptorProto.Select(FileDescriptorProto.Parser.ParseFrom)];
    }

    /// <summary>
    /// One request and its response on a reflection stream. The v1 and v1alpha messages are the same on the wire (same
    /// fields, numbers and types; only the package differs), so a v1 exchange carries the v1alpha request's bytes through the
    /// v1 client and returns the v1 response read back as v1alpha.
    /// </summary>
    private async Task<V1Alpha.ServerReflectionResponse> ExchangeAsync(V1Alpha.ServerReflectionRequest request)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var options = new CallOptions(cancellationToken: deadline.Token);
        if (version == ReflectionVersion.V1Alpha)
        {
            using var call = new V1Alpha.ServerReflection.ServerReflectionClient(invoker).ServerReflectionInfo(options);
            await call.RequestStream.WriteAsync(request).WaitAsync(timeout);
            await call.RequestStream.CompleteAsync().WaitAsync(timeout);
            (await call.ResponseStream.MoveNext(deadline.Token).WaitAsync(timeout)).Should().BeTrue("the server answers every request");
            return call.ResponseStream.Current;
        }
        else
        {
            using var call = new V1.ServerReflection.ServerReflectionClient(invoker).ServerReflectionInfo(options);
            await call.RequestStream.WriteAsync(V1.ServerReflectionRequest.Parser.ParseFrom(request.ToByteString())).WaitAsync(timeout);
            await call.RequestStream.CompleteAsync().WaitAsync(timeout);
            (await call.ResponseStream.MoveNext(deadline.Token).WaitAsync(timeout)).Should().BeTrue("the server answers every request");
            return V1Alpha.ServerReflectionResponse.Parser.ParseFrom(call.ResponseStream.Current.ToByteString());
        }
    }
}

/// <summary>
/// A unary call made from a reflected <see cref="MethodDescriptor"/> alone: the request is written and the response read
/// with the field numbers and types of the reflected messages (C# protobuf has no dynamic message), over a marshaller of raw
/// bytes.
/// </summary>
public static class DynamicCall
{
    private static readonly Marshaller<byte[]> RawBytes = Marshallers.Create(bytes => bytes, bytes => bytes);

    /// <summary>Calls <paramref name="method"/> with the named fields set, and returns the response's fields by name.</summary>
    /// <param name="invoker">The channel's invoker.</param>
    /// <param name="method">The reflected method.</param>
    /// <param name="request">Field values by proto field name: <see cref="int"/>, <see cref="long"/>, <see cref="bool"/>, <see cref="string"/>, <see cref="double"/>, <see cref="float"/>, or an enum value's name.</param>
    /// <param name="timeout">The call's deadline.</param>
    public static async Task<IReadOnlyDictionary<string, object>> UnaryAsync(
        CallInvoker invoker, MethodDescriptor method, IReadOnlyDictionary<string, object> request, TimeSpan timeout)
    {
        var call = new Method<byte[], byte[]>(MethodType.Unary, method.Service.FullName, method.Name, RawBytes, RawBytes);
        var response = await invoker.AsyncUnaryCall(call, host: null, new CallOptions(deadline: DateTime.UtcNow + timeout), Encode(method.InputType, request))
            .ResponseAsync.WaitAsync(timeout);
        return Decode(method.OutputType, response);
    }

    /// <summary>The bytes of a message of type <paramref name="type"/> with the given fields.</summary>
    public static byte[] Encode(MessageDescriptor type, IReadOnlyDictionary<string, object> fields)
    {
        using var bytes = new MemoryStream();
        var output = new CodedOutputStream(bytes);
        foreach (var (name, value) in fields)
        {
            var field = type.FindFieldByName(name) ?? throw new ArgumentException($"{type.FullName} has no field '{name}'.", nameof(fields));
            switch (field.FieldType)
            {
                case FieldType.Int32:
                    output.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                    output.WriteInt32((int)value);
                    break;
                case FieldType.Int64:
                    output.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                    output.WriteInt64((long)value);
                    break;
                case FieldType.Bool:
                    output.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                    output.WriteBool((bool)value);
                    break;
                case FieldType.Enum:
                    output.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                    output.WriteEnum(field.EnumType.FindValueByName((string)value).Number);
                    break;
                case FieldType.String:
                    output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                    output.WriteString((string)value);
                    break;
                case FieldType.Double:
                    output.WriteTag(field.FieldNumber, WireFormat.WireType.Fixed64);
                    output.WriteDouble((double)value);
                    break;
                case FieldType.Float:
                    output.WriteTag(field.FieldNumber, WireFormat.WireType.Fixed32);
                    output.WriteFloat((float)value);
                    break;
                default:
                    throw new NotSupportedException($"{field.FullName}: {field.FieldType} is not written by this test helper.");
            }
        }

        output.Flush();
        return bytes.ToArray();
    }

    /// <summary>
    /// The fields of a message of type <paramref name="type"/> by proto name: numbers as <see cref="int"/>/<see cref="long"/>/
    /// <see cref="double"/>/<see cref="float"/>, enums by value name, strings, nested messages as dictionaries; a repeated
    /// field as a list. Unknown fields are skipped.
    /// </summary>
    public static IReadOnlyDictionary<string, object> Decode(MessageDescriptor type, byte[] message)
    {
        var fields = new Dictionary<string, object>();
        var input = new CodedInputStream(message);
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            var field = type.FindFieldByNumber(WireFormat.GetTagFieldNumber(tag));
            if (field is null)
            {
                input.SkipLastField();
                continue;
            }

            if (field.IsPacked && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                throw new NotSupportedException($"{field.FullName}: packed repeated fields are not read by this test helper.");
            }

            object value = field.FieldType switch
            {
                FieldType.Int32 => input.ReadInt32(),
                FieldType.Int64 => input.ReadInt64(),
                FieldType.Bool => input.ReadBool(),
                FieldType.Enum => field.EnumType.FindValueByNumber(input.ReadEnum())?.Name ?? "",
                FieldType.String => input.ReadString(),
                FieldType.Double => input.ReadDouble(),
                FieldType.Float => input.ReadFloat(),
                FieldType.Message => Decode(field.MessageType, input.ReadBytes().ToByteArray()),
                _ => throw new NotSupportedException($"{field.FullName}: {field.FieldType} is not read by this test helper."),
            };
            if (field.IsRepeated)
            {
                if (!fields.TryGetValue(field.Name, out var list))
                {
                    fields[field.Name] = list = new List<object>();
                }

                ((List<object>)list).Add(value);
            }
            else
            {
                fields[field.Name] = value;
            }
        }

        return fields;
    }
}
