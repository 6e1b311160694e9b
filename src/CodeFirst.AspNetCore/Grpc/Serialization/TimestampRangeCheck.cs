using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using CodeFirst.Model;
using CodeFirst.Validation;
using Grpc.Core;
using ProtoBuf;

namespace CodeFirst.AspNetCore.Grpc.Serialization;

/// <summary>
/// Checks every <c>google.protobuf.Timestamp</c> in a request's bytes against the range timestamp.proto defines
/// (seconds from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z, nanos 0 to 999,999,999) before protobuf-net reads it.
/// protobuf-net adds the nanos to the seconds whatever their size, so 1,500,000,000 nanos would silently become 1.5 s
/// later, and a second outside <see cref="DateTime"/>'s range fails without naming the field. Here either is
/// <c>INVALID_ARGUMENT</c> naming the field, as the validator names fields. Only message types with a Timestamp at
/// some depth are walked, and only their fields that can hold one; a valid message costs one more read of its bytes.
/// </summary>
internal sealed class TimestampRangeCheck
{
    private const long MinSeconds = -62_135_596_800; // 0001-01-01T00:00:00Z
    private const long MaxSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z
    private const int MaxNanos = 999_999_999;

    private static readonly ConcurrentDictionary<Type, TimestampRangeCheck?> Checks = new();

    private readonly MessageModel _root;
    private readonly Dictionary<Type, bool> _holdsTimestamp;

    private TimestampRangeCheck(MessageModel root, Dictionary<Type, bool> holdsTimestamp)
    {
        _root = root;
        _holdsTimestamp = holdsTimestamp;
    }

    /// <summary>The check for <paramref name="type"/>, or <see langword="null"/> when no Timestamp can occur in it.</summary>
    public static TimestampRangeCheck? For(Type type) => Checks.GetOrAdd(type, static t =>
    {
        if (!ProtoBuf.Meta.RuntimeTypeModel.Default.CanSerializeContractType(t))
        {
            return null;
        }

        var root = MessageModel.For(t);
        var holds = FindHolders(root);
        return holds[t] ? new TimestampRangeCheck(root, holds) : null;
    });

    /// <summary>Throws <c>INVALID_ARGUMENT</c> naming the first Timestamp out of range; malformed bytes throw <see cref="ProtoException"/>.</summary>
    public void Check(in ReadOnlySequence<byte> payload)
    {
        Violation? violation;
        if (payload.IsSingleSegment)
        {
            violation = Walk(new ProtoSpanReader(payload.FirstSpan), _root);
        }
        else
        {
            var length = checked((int)payload.Length);
            var rented = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                payload.CopyTo(rented);
                violation = Walk(new ProtoSpanReader(rented.AsSpan(0, length)), _root);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        if (violation is not null)
        {
            throw RpcStatusDetails.InvalidArgument($"invalid {violation.Field.QualifiedName}: {violation.Problem}", [new FieldViolation(violation.Path, violation.Problem)]);
        }
    }

    /// <summary>The first Timestamp out of range in the message <paramref name="reader"/> is on, or <see langword="null"/>.</summary>
    private Violation? Walk(ProtoSpanReader reader, MessageModel model)
    {
        Dictionary<int, int>? seen = null;
        while (!reader.IsAtEnd)
        {
            var (number, wireType) = reader.ReadKey();
            var field = wireType == WireType.String ? Find(model, number) : null;
            if (field is null || (field.Kind == FieldKind.Message && !_holdsTimestamp.GetValueOrDefault(field.ValueType)))
            {
                reader.SkipField(number, wireType);
                continue;
            }

            var index = -1;
            if (field.IsRepeated)
            {
                seen ??= [];
                index = seen.GetValueOrDefault(number);
                seen[number] = index + 1;
            }

            var problem = field.Kind == FieldKind.Timestamp
                ? Problem(reader.ReadNested()) is { } text ? new Violation(field, field.ProtoName, text) : null
                : Walk(reader.ReadNested(), field.Message!)?.Under(field.ProtoName);
            if (problem is not null)
            {
                return index < 0 ? problem : problem.Indexed(field.ProtoName, index);
            }
        }

        return null;
    }

    /// <summary>What is wrong with a Timestamp's seconds or nanos, or <see langword="null"/>.</summary>
    private static string? Problem(ProtoSpanReader reader)
    {
        long seconds = 0;
        long nanos = 0;
        while (!reader.IsAtEnd)
        {
            var (number, wireType) = reader.ReadKey();
            switch (number, wireType)
            {
                case (1, WireType.Varint):
                    seconds = (long)reader.ReadVarint64();
                    break;
                case (2, WireType.Varint):
                    nanos = reader.ReadInt32();
                    break;
                default:
                    reader.SkipField(number, wireType);
                    break;
            }
        }

        return seconds is < MinSeconds or > MaxSeconds
            ? string.Create(CultureInfo.InvariantCulture, $"seconds {seconds} is outside the Timestamp range 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z")
            : nanos is < 0 or > MaxNanos
                ? string.Create(CultureInfo.InvariantCulture, $"nanos {nanos} is outside 0 to 999,999,999")
                : null;
    }

    private static FieldModel? Find(MessageModel model, int number)
    {
        foreach (var field in model.Fields)
        {
            if (field.Number == number)
            {
                return field.Kind is FieldKind.Timestamp or FieldKind.Message ? field : null;
            }
        }

        return null;
    }

    /// <summary>Which message types a Timestamp can occur in, at any depth, for every type reachable from <paramref name="root"/>.</summary>
    private static Dictionary<Type, bool> FindHolders(MessageModel root)
    {
        var models = new Dictionary<Type, MessageModel>();
        var pending = new Stack<MessageModel>([root]);
        while (pending.TryPop(out var model))
        {
            if (models.TryAdd(model.ClrType, model))
            {
                foreach (var field in model.Fields.Where(f => f.Kind == FieldKind.Message))
                {
                    pending.Push(field.Message!);
                }
            }
        }

        // Message types may refer to each other: repeat until nothing changes.
        var holds = models.Keys.ToDictionary(type => type, _ => false);
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (type, model) in models)
            {
                if (!holds[type] && model.Fields.Any(f => f.Kind == FieldKind.Timestamp || (f.Kind == FieldKind.Message && holds[f.ValueType])))
                {
                    holds[type] = changed = true;
                }
            }
        }

        return holds;
    }

    /// <summary>A Timestamp out of range: the field (as the validator names it), its path from the request, the problem.</summary>
    private sealed record Violation(FieldModel Field, string Path, string Problem)
    {
        public Violation Under(string parent) => this with { Path = $"{parent}.{Path}" };

        /// <summary>The same violation inside item <paramref name="index"/> of the repeated field <paramref name="name"/>.</summary>
        public Violation Indexed(string name, int index) => this with
        {
            Path = string.Create(CultureInfo.InvariantCulture, $"{name}[{index}]{Path[name.Length..]}"),
        };
    }
}
