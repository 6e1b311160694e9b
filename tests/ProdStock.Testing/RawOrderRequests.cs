using System.Buffers.Binary;
using System.Text;

namespace ProdStock.Testing;

/// <summary>
/// <c>OrderRequest</c> bytes written by hand, so a test can send what no typed client would: a
/// <c>google.protobuf.Timestamp</c> with any seconds and nanos.
/// </summary>
public static class RawOrderRequests
{
    /// <summary>OrderRequest{order_main{order_no, user_id 1, order_money 1, order_time{seconds, nanos}}}.</summary>
    public static byte[] WithOrderTime(string orderNo, long seconds, long nanos)
    {
        var time = new List<byte>();
        Key(time, 1, 0);
        Varint(time, (ulong)seconds);
        Key(time, 2, 0);
        Varint(time, (ulong)nanos); // a negative int32 is sign-extended to ten bytes, as protobuf writes it

        var main = new List<byte>();
        Key(main, 2, 2);
        var number = Encoding.UTF8.GetBytes(orderNo);
        Varint(main, (ulong)number.Length);
        main.AddRange(number);
        Key(main, 3, 0);
        Varint(main, 1);
        Key(main, 4, 5);
        var money = new byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(money, 1f);
        main.AddRange(money);
        Key(main, 5, 2);
        Varint(main, (ulong)time.Count);
        main.AddRange(time);

        var request = new List<byte>();
        Key(request, 1, 2);
        Varint(request, (ulong)main.Count);
        request.AddRange(main);
        return [.. request];
    }

    private static void Key(List<byte> output, int field, int wireType) => Varint(output, (ulong)((field << 3) | wireType));

    private static void Varint(List<byte> output, ulong value)
    {
        while (value >= 0x80)
        {
            output.Add((byte)(value | 0x80));
            value >>= 7;
        }

        output.Add((byte)value);
    }
}
