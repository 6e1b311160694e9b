using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using ProdStock.Host.Schema;
using ProtoBuf;
using ProtoBuf.Meta;

namespace ProdStock.Host.Serialization;

/// <summary>
/// Makes <see cref="MessageCodec{T}"/>s from a protobuf-net <see cref="RuntimeTypeModel"/>: the same field numbers,
/// names and formats the model (that is, the contracts' attributes) gives a type, so there is no second schema. It
/// covers what the contracts use (proto3 scalars, strings, enums, nested and repeated messages); a type with anything
/// else (inheritance, callbacks, nullable or default-valued members, timestamps, maps, packed lists, ...) gets no codec
/// and stays with protobuf-net, as does every type that contains one.
/// </summary>
internal sealed class MessageCodecFactory(RuntimeTypeModel model)
{
    private const BindingFlags InstanceMembers = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private static readonly MethodInfo CreateCodecMethod = Method(nameof(CreateCodec));
    private static readonly MethodInfo CreateFieldsMethod = Method(nameof(CreateFields));
    private static readonly MethodInfo ScalarMethod = Method(nameof(Scalar));
    private static readonly MethodInfo StringFieldMethod = Method(nameof(StringField));
    private static readonly MethodInfo MessageFieldMethod = Method(nameof(MessageField));
    private static readonly MethodInfo RepeatedFieldMethod = Method(nameof(RepeatedField));

    private readonly ConcurrentDictionary<Type, object> _built = new();
    private readonly Lock _gate = new();

    /// <summary>The codec for <typeparamref name="T"/>, or null (with the reason) when protobuf-net must handle it.</summary>
    public MessageCodec<T>? TryGet<T>(out string? whyNot)
    {
        var built = _built.TryGetValue(typeof(T), out var found) ? found : Build(typeof(T));
        whyNot = built as string;
        return built as MessageCodec<T>;
    }

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

        var codec = CreateCodecMethod.MakeGenericMethod(type).Invoke(null, [type])!;
        var fields = new List<object>();
        pending[type] = (codec, () => CreateFieldsMethod.MakeGenericMethod(type).Invoke(null, [codec, fields]));
        foreach (var member in model[type].GetFields())
        {
            var field = Field(type, member, pending, out whyNot);
            if (field is null)
            {
                return whyNot;
            }

            fields.Add(field);
        }

        return null;
    }

    private string? TypeWhyNot(Type type)
    {
        if (!type.IsClass || type.IsAbstract || type.ContainsGenericParameters || !model.CanSerializeContractType(type))
        {
            return $"{type}: not a concrete protobuf-net contract class";
        }

        var meta = model[type];
        return meta switch
        {
            _ when !model.UseImplicitZeroDefaults => "the model does not use proto3's implicit zero defaults",
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

    private object? Field(Type owner, ValueMember member, Dictionary<Type, (object Codec, Action SetFields)> pending, out string? whyNot)
    {
        var name = $"{owner.Name}.{member.Member.Name}";
        whyNot = MemberWhyNot(owner, member) is { } reason ? $"{name}: {reason}" : null;
        if (whyNot is not null)
        {
            return null;
        }

        var type = member.MemberType;
        var itemType = member.ItemType;
        if (itemType is not null && type != typeof(string) && type != typeof(byte[]))
        {
            if (type != typeof(List<>).MakeGenericType(itemType) || !IsMessage(itemType))
            {
                whyNot = $"{name}: repeated fields other than List<message> are left to protobuf-net";
                return null;
            }

            whyNot = Prepare(itemType, pending);
            return whyNot is null ? Invoke(RepeatedFieldMethod, [owner, itemType], member, name, Codec(itemType, pending)) : null;
        }

        if (type.IsEnum)
        {
            if (Enum.GetUnderlyingType(type) != typeof(int) || member.DataFormat != DataFormat.Default)
            {
                whyNot = $"{name}: only int-backed enums in the default format are covered";
                return null;
            }

            return Invoke(ScalarMethod, [owner, type], member, name, null);
        }

        if (IsMessage(type))
        {
            whyNot = Prepare(type, pending);
            return whyNot is null ? Invoke(MessageFieldMethod, [owner, type], member, name, Codec(type, pending)) : null;
        }

        var formatAllowed = member.DataFormat == DataFormat.Default
            || (member.DataFormat == DataFormat.TwosComplement && (type == typeof(int) || type == typeof(long)));
        if (!formatAllowed || !IsScalar(type))
        {
            whyNot = $"{name}: {type.Name} in format {member.DataFormat} is left to protobuf-net";
            return null;
        }

        return type == typeof(string)
            ? Invoke(StringFieldMethod, [owner], member, name, null)
            : Invoke(ScalarMethod, [owner, type], member, name, null);
    }

    private static string? MemberWhyNot(Type owner, ValueMember member)
    {
#pragma warning disable CS0618 // AsReference and DynamicType are obsolete in protobuf-net 3 but still honoured when set
        var unusual = member.IsMap || member.AsReference || member.DynamicType || member.SupportNull || member.OverwriteList
            || member.Member.GetCustomAttributes(inherit: true).Any(a => a.GetType().Name.StartsWith("NullWrapped", StringComparison.Ordinal));
#pragma warning restore CS0618
        var memberName = member.Member.Name;
        return member switch
        {
            _ when unusual => "maps, references, null support or list overwriting",
            { DefaultValue: { } value } when !IsZero(value) => $"the default value {value}",
            _ when Nullable.GetUnderlyingType(member.MemberType) is not null => "a nullable value",
            _ when owner.GetMethod("ShouldSerialize" + memberName, InstanceMembers, Type.EmptyTypes) is not null
                || owner.GetProperty(memberName + "Specified", InstanceMembers) is not null => "conditional serialization",
            { Member: FieldInfo { IsInitOnly: true } } or { Member: PropertyInfo { SetMethod: null } } => "no setter",
            { Member: PropertyInfo or FieldInfo } => null,
            _ => "not a property or field",
        };
    }

    /// <summary>protobuf-net gives value-type members their zero as default value; proto3 leaves exactly that out.</summary>
    private static bool IsZero(object value) => value.GetType().IsValueType && value.Equals(Activator.CreateInstance(value.GetType()));

    private static bool IsScalar(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(uint) || type == typeof(ulong) || type == typeof(bool)
        || type == typeof(float) || type == typeof(double) || type == typeof(string);

    private bool IsMessage(Type type) => type.IsClass && type != typeof(string) && model.CanSerializeContractType(type);

    private object Codec(Type type, Dictionary<Type, (object Codec, Action SetFields)> pending) =>
        pending.TryGetValue(type, out var entry) ? entry.Codec : _built[type];

    private static object Invoke(MethodInfo method, Type[] typeArguments, ValueMember member, string name, object? codec) =>
        method.MakeGenericMethod(typeArguments).Invoke(null, [member, name, codec])!;

    private static MessageCodec<T> CreateCodec<T>(Type type)
    {
        var create = Expression.Lambda<Func<T>>(Expression.New(type.GetConstructor(InstanceMembers, Type.EmptyTypes)!)).Compile();
        return new MessageCodec<T>(ProtoTypeName.Of(type), create);
    }

    private static void CreateFields<T>(MessageCodec<T> codec, List<object> fields) => codec.SetFields(fields.Cast<FieldCodec<T>>().ToArray());

    private static FieldCodec<TMessage> Scalar<TMessage, TValue>(ValueMember member, string name, object? codec)
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
            _ => throw new NotSupportedException($"{name}: {typeof(TValue)}"),
        };
        return (FieldCodec<TMessage>)Activator.CreateInstance(
            typeof(ScalarFieldCodec<,,>).MakeGenericType(typeof(TMessage), typeof(TValue), format),
            member.FieldNumber, member.IsRequired, Getter<TMessage, TValue>(member.Member), Setter<TMessage, TValue>(member.Member))!;
    }

    private static FieldCodec<TMessage> StringField<TMessage>(ValueMember member, string name, object? codec) =>
        new StringFieldCodec<TMessage>(member.FieldNumber, Getter<TMessage, string?>(member.Member), Setter<TMessage, string>(member.Member));

    private static FieldCodec<TMessage> MessageField<TMessage, TField>(ValueMember member, string name, object? codec)
        where TField : class =>
        new MessageFieldCodec<TMessage, TField>(member.FieldNumber, Getter<TMessage, TField?>(member.Member), Setter<TMessage, TField>(member.Member), (MessageCodec<TField>)codec!);

    private static FieldCodec<TMessage> RepeatedField<TMessage, TItem>(ValueMember member, string name, object? codec)
        where TItem : class =>
        new RepeatedMessageFieldCodec<TMessage, TItem>(
            member.FieldNumber, name, Getter<TMessage, List<TItem>?>(member.Member), Setter<TMessage, List<TItem>>(member.Member), (MessageCodec<TItem>)codec!);

    private static Func<TMessage, TValue> Getter<TMessage, TValue>(MemberInfo member)
    {
        if (member is PropertyInfo { GetMethod: { } get } property && property.DeclaringType == typeof(TMessage) && property.PropertyType == typeof(TValue))
        {
            return get.CreateDelegate<Func<TMessage, TValue>>();
        }

        var message = Expression.Parameter(typeof(TMessage), "message");
        return Expression.Lambda<Func<TMessage, TValue>>(Expression.Convert(Expression.MakeMemberAccess(message, member), typeof(TValue)), message).Compile();
    }

    private static Action<TMessage, TValue> Setter<TMessage, TValue>(MemberInfo member)
    {
        if (member is PropertyInfo { SetMethod: { } set } property && property.DeclaringType == typeof(TMessage) && property.PropertyType == typeof(TValue))
        {
            return set.CreateDelegate<Action<TMessage, TValue>>();
        }

        var message = Expression.Parameter(typeof(TMessage), "message");
        var value = Expression.Parameter(typeof(TValue), "value");
        var target = Expression.MakeMemberAccess(message, member);
        return Expression.Lambda<Action<TMessage, TValue>>(Expression.Assign(target, Expression.Convert(value, target.Type)), message, value).Compile();
    }

    private static MethodInfo Method(string name) => typeof(MessageCodecFactory).GetMethod(name, BindingFlags.Static | BindingFlags.NonPublic)!;
}
