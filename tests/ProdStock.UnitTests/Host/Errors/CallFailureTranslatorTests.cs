using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using ProdStock.Host.Errors;

namespace ProdStock.UnitTests.Host.Errors;

public sealed class CallFailureTranslatorTests
{
    private readonly CallFailureTranslator _translator = new(NullLogger<CallFailureTranslator>.Instance);

    [Fact]
    public void Translate_RpcException_IsKeptAsIs()
    {
        var error = new RpcException(new Status(StatusCode.NotFound, "nope"));

        _translator.Translate(error, "m", cancelled: false, deadlineExceeded: false).Should().BeSameAs(error);
    }

    [Theory]
    [InlineData(false, StatusCode.Cancelled)]
    [InlineData(true, StatusCode.DeadlineExceeded)]
    public void Translate_AnyExceptionOfACancelledCall_IsCancelledOrDeadlineExceeded(bool deadlineExceeded, StatusCode expected)
    {
        var reset = new IOException("The client reset the request stream.");

        _translator.Translate(reset, "m", cancelled: true, deadlineExceeded).StatusCode.Should().Be(expected);
    }

    [Fact]
    public void Translate_UnexpectedException_IsInternalWithAnErrorIdAndNoDetails()
    {
        var error = _translator.Translate(new InvalidOperationException("secret"), "m", cancelled: false, deadlineExceeded: false);

        error.StatusCode.Should().Be(StatusCode.Internal);
        error.Status.Detail.Should().MatchRegex("^internal error [0-9a-f]{12}; the server log has the details$").And.NotContain("secret");
    }
}
