using Google.Protobuf;
using ProdStock.Contracts;
using CodeFirst.Validation;

namespace ProdStock.InteropTests;

/// <summary>The validation errors' rich status is Google's google.rpc.Status, readable by any gRPC client library.</summary>
public sealed class StatusDetailsTests
{
    [Fact]
    public void InvalidArgumentTrailer_ParsedWithGoogleRpcTypes_CarriesStatusAndBadRequest()
    {
        var error = MessageValidator.Validate(new OrderRequest { OrderMain = new OrderMain { OrderNo = "ok", UserId = 0, OrderMoney = 1 } }).ToRpcException();

        var status = Google.Rpc.Status.Parser.ParseFrom(error.Trailers.GetValueBytes(RpcStatusDetails.TrailerName));

        status.Code.Should().Be((int)Grpc.Core.StatusCode.InvalidArgument);
        status.Message.Should().Be("invalid OrderMain.user_id: value must be greater than 0");
        var badRequest = status.Details.Single().Unpack<Google.Rpc.BadRequest>();
        badRequest.FieldViolations.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Field = "order_main.user_id", Description = "value must be greater than 0" });
    }

    [Fact]
    public void GetFieldViolations_TrailerWrittenByGoogleRpcTypes_ReadsTheViolations()
    {
        var status = new Google.Rpc.Status { Code = 3, Message = "bad" };
        status.Details.Add(Google.Protobuf.WellKnownTypes.Any.Pack(new Google.Rpc.BadRequest
        {
            FieldViolations = { new Google.Rpc.BadRequest.Types.FieldViolation { Field = "users[2].user_id", Description = "value must be greater than 0" } },
        }));
        var error = new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.InvalidArgument, "bad"),
            new Grpc.Core.Metadata { { RpcStatusDetails.TrailerName, status.ToByteArray() } });

        error.GetFieldViolations().Should().Equal(new FieldViolation("users[2].user_id", "value must be greater than 0"));
    }
}
