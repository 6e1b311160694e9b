using System.Net.Http;
using Grpc.Core;

namespace ProdStock.IntegrationTests.Faults;

/// <summary>What <see cref="CallFaults.EndedByDeadline"/> counts as a call ended by its deadline, and what it does not.</summary>
public sealed class CallFaultsTests
{
    public static TheoryData<Exception, bool> Endings => new()
    {
        { new RpcException(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded")), true },
        { Cancelled(new HttpProtocolException(0x8, "The HTTP/2 server reset the stream. HTTP/2 error code 'CANCEL' (0x8).", null)), true },
        { Cancelled(debugException: null), false },
        { Cancelled(new HttpProtocolException(0x2, "The HTTP/2 server reset the stream. HTTP/2 error code 'INTERNAL_ERROR' (0x2).", null)), false },
        { new RpcException(new Status(StatusCode.Unavailable, "gone")), false },
        { new OperationCanceledException(), false },
    };

    [Theory]
    [MemberData(nameof(Endings))]
    public void EndedByDeadline_Ending_IsCountedOnlyForTheDeadlineOrTheServersResetAtIt(Exception error, bool expected) =>
        CallFaults.EndedByDeadline(error).Should().Be(expected);

    private static RpcException Cancelled(Exception? debugException) =>
        new(new Status(StatusCode.Cancelled, "", debugException));
}
