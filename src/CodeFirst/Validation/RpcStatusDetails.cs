using Grpc.Core;
using ProtoBuf;

namespace CodeFirst.Validation;

/// <summary>
/// Writes and reads the rich error model of gRPC (<c>google.rpc.Status</c> with a <c>google.rpc.BadRequest</c> or
/// <c>google.rpc.PreconditionFailure</c> detail in the <c>grpc-status-details-bin</c> trailer), wire-compatible with
/// Google's types, without depending on Google.Protobuf.
/// </summary>
public static class RpcStatusDetails
{
    /// <summary>The trailer that carries the serialized <c>google.rpc.Status</c>.</summary>
    public const string TrailerName = "grpc-status-details-bin";

    /// <summary>The type URL of <c>google.rpc.BadRequest</c> in a <c>google.protobuf.Any</c>.</summary>
    public const string BadRequestTypeUrl = "type.googleapis.com/google.rpc.BadRequest";

    /// <summary>The type URL of <c>google.rpc.PreconditionFailure</c> in a <c>google.protobuf.Any</c>.</summary>
    public const string PreconditionFailureTypeUrl = "type.googleapis.com/google.rpc.PreconditionFailure";

    /// <summary>Creates a <c>FAILED_PRECONDITION</c> exception whose trailers carry <paramref name="violations"/> as a <c>google.rpc.PreconditionFailure</c>.</summary>
    /// <param name="message">The status detail.</param>
    /// <param name="violations">The preconditions that failed.</param>
    /// <returns>The exception to throw.</returns>
    public static RpcException FailedPrecondition(string message, IReadOnlyList<PreconditionViolation> violations)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(violations);
        var failure = new PreconditionFailureMessage
        {
            Violations = violations.Select(v => new PreconditionViolationMessage { Type = v.Type, Subject = v.Subject, Description = v.Description }).ToList(),
        };
        return WithDetail(StatusCode.FailedPrecondition, message, PreconditionFailureTypeUrl, Serialize(failure));
    }

    /// <summary>The precondition violations a server attached to <paramref name="exception"/>, or an empty list when there are none.</summary>
    /// <param name="exception">A failed call's exception.</param>
    /// <returns>The violations, in the order the server listed them.</returns>
    public static IReadOnlyList<PreconditionViolation> GetPreconditionViolations(this RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        try
        {
            return Details(exception, PreconditionFailureTypeUrl)
                .SelectMany(value => Serializer.Deserialize<PreconditionFailureMessage>(value.AsSpan()).Violations)
                .Select(v => new PreconditionViolation(v.Type, v.Subject, v.Description))
                .ToArray();
        }
        catch (ProtoException)
        {
            return [];
        }
    }

    /// <summary>Creates an <c>INVALID_ARGUMENT</c> exception whose trailers carry <paramref name="violations"/> as a <c>google.rpc.BadRequest</c>.</summary>
    /// <param name="message">The status detail.</param>
    /// <param name="violations">The fields at fault.</param>
    /// <returns>The exception to throw.</returns>
    public static RpcException InvalidArgument(string message, IReadOnlyList<FieldViolation> violations)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(violations);
        var badRequest = new BadRequestMessage { FieldViolations = violations.Select(v => new FieldViolationMessage { Field = v.Field, Description = v.Description }).ToList() };
        return WithDetail(StatusCode.InvalidArgument, message, BadRequestTypeUrl, Serialize(badRequest));
    }

    private static RpcException WithDetail(StatusCode code, string message, string typeUrl, byte[] detail)
    {
        var status = new StatusMessage
        {
            Code = (int)code,
            Message = message,
            Details = [new AnyMessage { TypeUrl = typeUrl, Value = detail }],
        };
        var trailers = new Metadata { { TrailerName, Serialize(status) } };
        return new RpcException(new Status(code, message), trailers);
    }

    /// <summary>The serialized details of one type in the exception's <c>google.rpc.Status</c> trailer; none when it has none or it is malformed.</summary>
    private static IEnumerable<byte[]> Details(RpcException exception, string typeUrl)
    {
        if (exception.Trailers.GetValueBytes(TrailerName) is not { } bytes)
        {
            return [];
        }

        try
        {
            return Serializer.Deserialize<StatusMessage>(bytes.AsSpan()).Details.Where(d => d.TypeUrl == typeUrl).Select(d => d.Value).ToArray();
        }
        catch (ProtoException)
        {
            return [];
        }
    }

    /// <summary>
    /// The field violations a server (or the ClientSdk's own validation) attached to <paramref name="exception"/>,
    /// or an empty list when there are none.
    /// </summary>
    /// <param name="exception">A failed call's exception.</param>
    /// <returns>The violations, in the order the server listed them.</returns>
    public static IReadOnlyList<FieldViolation> GetFieldViolations(this RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        try
        {
            return Details(exception, BadRequestTypeUrl)
                .SelectMany(value => Serializer.Deserialize<BadRequestMessage>(value.AsSpan()).FieldViolations)
                .Select(v => new FieldViolation(v.Field, v.Description))
                .ToArray();
        }
        catch (ProtoException)
        {
            return [];
        }
    }

    private static byte[] Serialize<T>(T value)
    {
        using var stream = new MemoryStream();
        Serializer.Serialize(stream, value);
        return stream.ToArray();
    }

    /// <summary><c>google.rpc.Status</c>.</summary>
    [ProtoContract(Name = "Status")]
    internal sealed class StatusMessage
    {
        [ProtoMember(1, Name = "code")]
        public int Code { get; set; }

        [ProtoMember(2, Name = "message")]
        public string Message { get; set; } = "";

        [ProtoMember(3, Name = "details")]
        public List<AnyMessage> Details { get; set; } = [];
    }

    /// <summary><c>google.protobuf.Any</c>.</summary>
    [ProtoContract(Name = "Any")]
    internal sealed class AnyMessage
    {
        [ProtoMember(1, Name = "type_url")]
        public string TypeUrl { get; set; } = "";

        [ProtoMember(2, Name = "value")]
        public byte[] Value { get; set; } = [];
    }

    /// <summary><c>google.rpc.BadRequest</c>.</summary>
    [ProtoContract(Name = "BadRequest")]
    internal sealed class BadRequestMessage
    {
        [ProtoMember(1, Name = "field_violations")]
        public List<FieldViolationMessage> FieldViolations { get; set; } = [];
    }

    /// <summary><c>google.rpc.BadRequest.FieldViolation</c>.</summary>
    [ProtoContract(Name = "FieldViolation")]
    internal sealed class FieldViolationMessage
    {
        [ProtoMember(1, Name = "field")]
        public string Field { get; set; } = "";

        [ProtoMember(2, Name = "description")]
        public string Description { get; set; } = "";
    }

    /// <summary><c>google.rpc.PreconditionFailure</c>.</summary>
    [ProtoContract(Name = "PreconditionFailure")]
    internal sealed class PreconditionFailureMessage
    {
        [ProtoMember(1, Name = "violations")]
        public List<PreconditionViolationMessage> Violations { get; set; } = [];
    }

    /// <summary><c>google.rpc.PreconditionFailure.Violation</c>.</summary>
    [ProtoContract(Name = "Violation")]
    internal sealed class PreconditionViolationMessage
    {
        [ProtoMember(1, Name = "type")]
        public string Type { get; set; } = "";

        [ProtoMember(2, Name = "subject")]
        public string Subject { get; set; } = "";

        [ProtoMember(3, Name = "description")]
        public string Description { get; set; } = "";
    }
}
