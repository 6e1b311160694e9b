using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using CodeFirst.Model;
using ProtoBuf;
using ProtoBuf.Meta;

namespace CodeFirst.AspNetCore.Grpc.Serialization;

/// <summary>
/// Makes <see cref="MessageCodec{T}"/>s from the contract model (<see cref="MessageModel"/>: field numbers, kinds,
/// repeated or not, the property behind each field), so the codec has no schema of its own and agrees with the
/// validator, the .proto export and the gateway by construction. The model does not say everything that changes the
/// bytes protobuf-net writes (data formats, default values, null support, inheritance, callbacks, ...), so each type
/// and member is also checked against protobuf-net's <see cref="RuntimeTypeModel.Default"/>, the model
/// <see cref="MessageModel"/> itself reads. It covers proto3 scalars, strings, int enums, nested messages and
/// <c>List&lt;message&gt;</c>; a type with anything else gets no codec and stays with protobuf-net, as does every type
/// that contains one.
/// </summary>
internal sealed class MessageCodecFactory
{
    private const BindingFlags InstanceMembers = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private static readonly MethodInfo CreateCodecMethod = Method(nameof(CreateCodec));
    private static readonly MethodInfo CreateFieldsMethod = Method(nameof(CreateFields));
    private static readonly MethodInfo ScalarMethod = Method(nameof(Scalar));
    private static readonly MethodInfo StringFieldMethod = Method(nameof(StringField));
    private static readonly MethodInfo MessageFieldMethod = Method(nameof(MessageField));
    private static readonly MethodInfo RepeatedFieldMethod = Method(nameof(RepeatedField));

    private readonly RuntimeTypeModel _model = RuntimeTypeModel.Default;
    private readonly ConcurrentDictionary<Type, object> _built = new();
    private readonly Lock _gate = new();

    /// <summary>The codec for <typeparamref name="T"/>, or null (with the reason) when protobuf-net must handle it.</summary>
    public MessageCodec<T>? TryGet<T>(out string? whyNot)
    {
        var built = _built.TryGetValue(typeof(T), out var found) ? found : Build(typeof(T));
        whyNot = built as string;
        return built as MessageCodec<T>;
    }

    /// <summary>Whether <paramref name="type"/> gets a codec.</summary>
    public bool Covers(Type type) => (_built.TryGetValue(type, out var found) ? found : Build(type)) is not string;

    private object Build(Type root)
    {
        lock (_gate)
        {
            if (_built.TryGetValue(root, out var done))
            {
                return done;
            }

            var pending = new Dictionary<Type, (object Codec, Action SetFields)>();
            var whyNot = Prepare(root, pending);
            if (whyNot is not null)
            {
                _built[root] = whyNot;
                return whyNot;
            }

            foreach (var (type, (codec, setFields)) in pending)
            {
                setFields();
                _built[type] = codec;
            }

            return _built[root];
        }
    }

    /// <summary>Creates the codec of <paramref name="type"/> and of every message type it contains; null when all are covered.</summary>
    private string? Prepare(Type type, Dictionary<Type, (object Codec, Action SetFields)> pending)
    {
        if (pending.ContainsKey(type))
        {
            return null;
        }

        if (_built.TryGetValue(type, out var built))
        {
            return built as string;
        }

        if (TypeWhyNot(type) is { } whyNot)
        {
            return whyNot;
        }

        MessageModel message;
        try
        {
            message = MessageModel.For(type);
        }
        catch (NotSupportedException ex)
        {
            return ex.Message;
        }

        var members = _model[type].GetFields().ToDictionary(member => member.FieldNumber);
        var codec = CreateCodecMethod.MakeGenericMethod(type).Invoke(null, [type, message.Name])!;
        var fields = new List<object>();
        pending[type] = (codec, () => CreateFieldsMethod.MakeGenericMethod(type).Invoke(null, [codec, fields]));
        foreach (var field in message.Fields)
        {
            var fieldCodec = Field(type, field, members[field.Number], pending, out whyNot);
            if (fieldCodec is null)
            {
                return whyNot;
            }

            fields.Add(fieldCodec);
        }

        return null;
    }

    private string? TypeWhyNot(Type type)
    {
        if (!type.IsClass || type.IsAbstract || type.ContainsGenericParameters || !_model.CanSerializeContractType(type))
        {
            return $"{type}: not a concrete protobuf-net contract class";
        }

        var meta = _model[type];
        return meta switch
        {
            _ when !_model.UseImplicitZeroDefaults => "the model does not use proto3's implicit zero defaults",
            { HasSubtypes: true } or { BaseType: not null } => $"{type}: inheritance",
            { HasCallbacks: true } => $"{type}: serialization callbacks",
            { UseConstructor: false } or { ConstructType: not null } => $"{type}: not made by its parameterless constructor",
            { SerializerType: not null } => $"{type}: a custom serializer",
            { IsGroup: true } => $"{type}: written as a group",
            _ when typeof(IExtensible).IsAssignableFrom(type) => $"{type}: keeps unknown fields (IExtensible)",
            _ when type.GetConstructor(InstanceMembers, Type.EmptyTypes) is null => $"{type}: no parameterless constructor",
            _ => null,
        };
    }

    private object? Field(Type owner, FieldModel field, ValueMember member, Dictionary<Type, (object Codec, Action SetFields)> pending, out string? whyNot)
    {
        // Named as the C# code names it: the reason is for whoever reads the contract's source.
        var name = $"{owner.Name}.{field.Property.Name}";
        whyNot = FieldWhyNot(owner, field, member) is { } reason ? $"{name}: {reason}" : null;
        if (whyNot is not null)
        {
            return null;
        }

        var type = field.ValueType;
        if (field.IsRepeated)
        {
            if (field.Kind != FieldKind.Message || field.Property.PropertyType != typeof(List<>).MakeGenericType(type))
            {
                whyNot = $"{name}: repeated fields other than List<message> are left to protobuf-net";
                return null;
            }

            whyNot = Prepare(type, pending);
            return whyNot is null ? Invoke(RepeatedFieldMethod, [owner, type], field, member, Codec(type, pending)) : null;
        }

        switch (field.Kind)
        {
            case FieldKind.Message:
                whyNot = Prepare(type, pending);
                return whyNot is null ? Invoke(MessageFieldMethod, [owner, type], field, member, Codec(type, pending)) : null;
            case FieldKind.String:
                return Invoke(StringFieldMethod, [owner], field, member, null);
            case FieldKind.Enum when Enum.GetUnderlyingType(type) == typeof(int) && member.DataFormat == DataFormat.Default:
                return Invoke(ScalarMethod, [owner, type], field, member, null);
            case FieldKind.Int32 or FieldKind.Int64 when type == typeof(int) || type == typeof(long):
                if (member.DataFormat is DataFormat.Default or DataFormat.TwosComplement)
                {
                    return Invoke(ScalarMethod, [owner, type], field, member, null);
                }

                break;
            case FieldKind.UInt32 or FieldKind.UInt64 or FieldKind.Bool or FieldKind.Float or FieldKind.Double
                when member.DataFormat == DataFormat.Default && (type == typeof(uint) || type == typeof(ulong) || type == typeof(bool) || type == typeof(float) || type == typeof(double)):
                return Invoke(ScalarMethod, [owner, type], field, member, null);
        }

        whyNot = $"{name}: {type.Name} ({field.Kind}) in format {member.DataFormat} is left to protobuf-net";
        return null;
    }

    /// <summary>What protobuf-net does with a member that the contract model does not record and the codec does not do.</summary>
    private static string? FieldWhyNot(Type owner, FieldModel field, ValueMember member)
    {
#pragma warning disable CS0618 // AsReference and DynamicType are obsolete in protobuf-net 3 but still honoured when set
        var unusual = member.IsMap || member.AsReference || member.DynamicType || member.SupportNull || member.OverwriteList
            || member.Member.GetCustomAttributes(inherit: true).Any(a => a.GetType().Name.StartsWith("NullWrapped", StringComparison.Ordinal));
#pragma warning restore CS0618
        var propertyName = field.Property.Name;
        return member switch
        {
            _ when unusual => "maps, references, null support or list overwriting",
            { DefaultValue: { } value } when !IsZero(value) => $"the default value {value}",
            _ when field.IsNullable && field.Property.PropertyType.IsValueType => "a nullable value",
            _ when owner.GetMethod("ShouldSerialize" + propertyName, InstanceMembers, Type.EmptyTypes) is not null
                || owner.GetProperty(propertyName + "Specified", InstanceMembers) is not null => "conditional serialization",
            _ when field.Property.SetMethod is null => "no setter",
            _ => null,
        };
    }

    /// <summary>protobuf-net gives value-type members their zero as default value; proto3 leaves exactly that out.</summary>
    private static bool IsZero(object value) => value.GetType().IsValueType && value.Equals(Activator.CreateInstance(value.GetType()));

    private object Codec(Type type, Dictionary<Type, (object Codec, Action SetFields)> pending) =>
        pending.TryGetValue(type, out var entry) ? entry.Codec : _built[type];

    private static object Invoke(MethodInfo method, Type[] typeArguments, FieldModel field, ValueMember member, object? codec) =>
        method.MakeGenericMethod(typeArguments).Invoke(null, [field, member, codec])!;

    private static MessageCodec<T> CreateCodec<T>(Type type, string name)
    {
        var create = Expression.Lambda<Func<T>>(Expression.New(type.GetConstructor(InstanceMembers, Type.EmptyTypes)!)).Compile();
        return new MessageCodec<T>(name, create);
    }

    private static void CreateFields<T>(MessageCodec<T> codec, List<object> fields) => codec.SetFields(fields.Cast<FieldCodec<T>>().ToArray());

    private static FieldCodec<TMessage> Scalar<TMessage, TValue>(FieldModel field, ValueMember member, object? codec)
    {
        var format = typeof(TValue) switch
        {
            var t when t == typeof(int) => typeof(Int32Format),
            var t when t == typeof(long) => typeof(Int64Format),
            var t when t == typeof(uint) => typeof(UInt32Format),
            var t when t == typeof(ulong) => typeof(UInt64Format),
            var t when t == typeof(bool) => typeof(BoolFormat),
            var t when t == typeof(float) => typeof(FloatFormat),
            var t when t == typeof(double) => typeof(DoubleFormat),
            var t when t.IsEnum => typeof(EnumFormat<>).MakeGenericType(t),
            _ => throw new NotSupportedException($"{field.QualifiedName}: {typeof(TValue)}"),
        };
        return (FieldCodec<TMessage>)Activator.CreateInstance(
            typeof(ScalarFieldCodec<,,>).MakeGenericType(typeof(TMessage), typeof(TValue), format),
            field.Number, member.IsRequired, Getter<TMessage, TValue>(field.Property), Setter<TMessage, TValue>(field.Property))!;
    }

    private static FieldCodec<TMessage> StringField<TMessage>(FieldModel field, ValueMember member, object? codec) =>
        new StringFieldCodec<TMessage>(field.Number, Getter<TMessage, string?>(field.Property), Setter<TMessage, string>(field.Property));

    private static FieldCodec<TMessage> MessageField<TMessage, TField>(FieldModel field, ValueMember member, object? codec)
        where TField : class =>
        new MessageFieldCodec<TMessage, TField>(field.Number, Getter<TMessage, TField?>(field.Property), Setter<TMessage, TField>(field.Property), (MessageCodec<TField>)codec!);

    private static FieldCodec<TMessage> RepeatedField<TMessage, TItem>(FieldModel field, ValueMember member, object? codec)
        where TItem : class =>
        new RepeatedMessageFieldCodec<TMessage, TItem>(
            field.Number, field.QualifiedName, Getter<TMessage, List<TItem>?>(field.Property), Setter<TMessage, List<TItem>>(field.Property), (MessageCodec<TItem>)codec!);

    private static Func<TMessage, TValue> Getter<TMessage, TValue>(PropertyInfo property)
    {
        if (property.GetMethod is { } get && property.DeclaringType == typeof(TMessage) && property.PropertyType == typeof(TValue))
        {
            return get.CreateDelegate<Func<TMessage, TValue>>();
        }

        var message = Expression.Parameter(typeof(TMessage), "message");
        return Expression.Lambda<Func<TMessage, TValue>>(Expression.Convert(Expression.Property(message, property), typeof(TValue)), message).Compile();
    }

    private static Action<TMessage, TValue> Setter<TMessage, TValue>(PropertyInfo property)
    {
        if (property.SetMethod is { } set && property.DeclaringType == typeof(TMessage) && property.PropertyType == typeof(TValue))
        {
            return set.CreateDelegate<Action<TMessage, TValue>>();
        }

        var message = Expression.Parameter(typeof(TMessage), "message");
        var value = Expression.Parameter(typeof(TValue), "value");
        var target = Expression.Property(message, property);
        return Expression.Lambda<Action<TMessage, TValue>>(Expression.Assign(target, Expression.Convert(value, target.Type)), message, value).Compile();
    }

    private static MethodInfo Method(string name) => typeof(MessageCodecFactory).GetMethod(name, BindingFlags.Static | BindingFlags.NonPublic)!;
}
