using System.Buffers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Google.Protobuf;
using ProdStock.Contracts;
using ProtoBuf;

namespace ProdStock.Bench.Serialization;

/// <summary>
/// Encode and decode of ProdRequest, OrderRequest (with a Timestamp) and UserScoreRequest (100 users): protobuf-net
/// (measured, then written in one pass into an IBufferWriter, as protobuf-net.Grpc's default marshaller does; or into
/// a reused stream) against Google.Protobuf (as Grpc.AspNetCore's generated marshallers do). All produce the same bytes (checked at start).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SerializationBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private ProdRequest _prod = null!;
    private OrderRequest _order = null!;
    private UserScoreRequest _users = null!;
    private global::ProdStock.Grpc.Services.ProdRequest _googleProd = null!;
    private global::ProdStock.Grpc.Services.OrderRequest _googleOrder = null!;
    private global::ProdStock.Grpc.Services.UserScoreRequest _googleUsers = null!;
    private ReadOnlySequence<byte> _prodBytes;
    private ReadOnlySequence<byte> _orderBytes;
    private ReadOnlySequence<byte> _usersBytes;

    [GlobalSetup]
    public void Setup()
    {
        _prod = MessageSamples.CodeFirstProdRequest();
        _order = MessageSamples.CodeFirstOrderRequest();
        _users = MessageSamples.CodeFirstUserScoreRequest();
        _googleProd = MessageSamples.ContractFirstProdRequest();
        _googleOrder = MessageSamples.ContractFirstOrderRequest();
        _googleUsers = MessageSamples.ContractFirstUserScoreRequest();
        _prodBytes = new ReadOnlySequence<byte>(_googleProd.ToByteArray());
        _orderBytes = new ReadOnlySequence<byte>(_googleOrder.ToByteArray());
        _usersBytes = new ReadOnlySequence<byte>(_googleUsers.ToByteArray());
        Check(_prod, _googleProd);
        Check(_order, _googleOrder);
        Check(_users, _googleUsers);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("ProdRequest encode")]
    public int ProdRequest_Encode_GoogleProtobuf() => EncodeGoogle(_googleProd);

    [Benchmark, BenchmarkCategory("ProdRequest encode")]
    public int ProdRequest_Encode_ProtobufNet() => Encode(_prod);

    [Benchmark(Baseline = true), BenchmarkCategory("ProdRequest decode")]
    public object ProdRequest_Decode_GoogleProtobuf() => global::ProdStock.Grpc.Services.ProdRequest.Parser.ParseFrom(_prodBytes);

    [Benchmark, BenchmarkCategory("ProdRequest decode")]
    public object ProdRequest_Decode_ProtobufNet() => Serializer.Deserialize<ProdRequest>(_prodBytes);



    [Benchmark(Baseline = true), BenchmarkCategory("OrderRequest encode")]
    public int OrderRequest_Encode_GoogleProtobuf() => EncodeGoogle(_googleOrder);

    [Benchmark, BenchmarkCategory("OrderRequest encode")]
    public int OrderRequest_Encode_ProtobufNet() => Encode(_order);

    [Benchmark(Baseline = true), BenchmarkCategory("OrderRequest decode")]
    public object OrderRequest_Decode_GoogleProtobuf() => global::ProdStock.Grpc.Services.OrderRequest.Parser.ParseFrom(_orderBytes);

    [Benchmark, BenchmarkCategory("OrderRequest decode")]
    public object OrderRequest_Decode_ProtobufNet() => Serializer.Deserialize<OrderRequest>(_orderBytes);



    [Benchmark(Baseline = true), BenchmarkCategory("UserScoreRequest(100) encode")]
    public int UserScoreRequest_Encode_GoogleProtobuf() => EncodeGoogle(_googleUsers);

    [Benchmark, BenchmarkCategory("UserScoreRequest(100) encode")]
    public int UserScoreRequest_Encode_ProtobufNet() => Encode(_users);

    [Benchmark, BenchmarkCategory("UserScoreRequest(100) encode")]
    public long UserScoreRequest_EncodeToStream_ProtobufNet() => EncodeToStream(_users);

    [Benchmark, BenchmarkCategory("ProdRequest encode")]
    public long ProdRequest_EncodeToStream_ProtobufNet() => EncodeToStream(_prod);

    [Benchmark(Baseline = true), BenchmarkCategory("UserScoreRequest(100) decode")]
    public object UserScoreRequest_Decode_GoogleProtobuf() => global::ProdStock.Grpc.Services.UserScoreRequest.Parser.ParseFrom(_usersBytes);

    [Benchmark, BenchmarkCategory("UserScoreRequest(100) decode")]
    public object UserScoreRequest_Decode_ProtobufNet() => Serializer.Deserialize<UserScoreRequest>(_usersBytes);



    private int EncodeGoogle(IMessage message)
    {
        _buffer.ResetWrittenCount();
        message.WriteTo(_buffer);
        return _buffer.WrittenCount;
    }

    private readonly MemoryStream _stream = new(64 * 1024);

    /// <summary>The other way protobuf-net writes: into a (reused) stream.</summary>
    private long EncodeToStream<T>(T message)
    {
        _stream.SetLength(0);
        Serializer.Serialize(_stream, message);
        return _stream.Length;
    }

    /// <summary>As the host's marshaller writes: measure, then one pass into the transport's buffer writer.</summary>
    private int Encode<T>(T message)
    {
        _buffer.ResetWrittenCount();
        using var measured = Writer.Measure(message);
        Writer.Serialize(measured, _buffer);
        return _buffer.WrittenCount;
    }

    private static readonly ProtoBuf.IMeasuredProtoOutput<IBufferWriter<byte>> Writer =
        (ProtoBuf.IMeasuredProtoOutput<IBufferWriter<byte>>)ProtoBuf.Meta.RuntimeTypeModel.Default;

    /// <summary>Both libraries must write the same bytes, or the comparison would be meaningless.</summary>
    private void Check<T>(T codeFirst, IMessage contractFirst)
    {
        Encode(codeFirst);
        var ours = _buffer.WrittenSpan.ToArray();
        if (!ours.AsSpan().SequenceEqual(contractFirst.ToByteArray()))
        {
            throw new InvalidOperationException($"{typeof(T).Name}: protobuf-net and Google.Protobuf wrote different bytes.");
        }
    }
}
