using Grpc.Core;
using CodeFirst.AspNetCore.Gateway.Errors;

namespace ProdStock.UnitTests.Gateway;

public sealed class HttpStatusMappingTests
{
    [Theory]
    [InlineData(StatusCode.OK, 200)]
    [InlineData(StatusCode.Cancelled, 499)]
    [InlineData(StatusCode.Unknown, 500)]
    [InlineData(StatusCode.InvalidArgument, 400)]
    [InlineData(StatusCode.DeadlineExceeded, 504)]
    [InlineData(StatusCode.NotFound, 404)]
    [InlineData(StatusCode.AlreadyExists, 409)]
    [InlineData(StatusCode.PermissionDenied, 403)]
    [InlineData(StatusCode.ResourceExhausted, 429)]
    [InlineData(StatusCode.FailedPrecondition, 400)]
    [InlineData(StatusCode.Aborted, 409)]
    [InlineData(StatusCode.OutOfRange, 400)]
    [InlineData(StatusCode.Unimplemented, 501)]
    [InlineData(StatusCode.Internal, 500)]
    [InlineData(StatusCode.Unavailable, 503)]
    [InlineData(StatusCode.DataLoss, 500)]
    [InlineData(StatusCode.Unauthenticated, 401)]
    public void ToHttpStatus_StatusCode_MapsLikeGrpcGateway(StatusCode code, int expected)
    {
        // Act
        var status = HttpStatusMapping.ToHttpStatus(code);

        // Assert
        status.Should().Be(expected);
    }

    [Fact]
    public void ToHttpStatus_EveryStatusCode_IsCoveredByTheTable()
    {
        // Arrange: the theory above lists all 17 codes; a new code would need a deliberate mapping
        var codes = Enum.GetValues<StatusCode>();

        // Act
        var statuses = codes.Select(HttpStatusMapping.ToHttpStatus).ToList();

        // Assert
        codes.Should().HaveCount(17);
        statuses.Should().OnlyContain(s => s == 200 || s == 499 || (s >= 400 && s <= 599));
    }
}
