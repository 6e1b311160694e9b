using Grpc.Core;
using ProdStock.Grpc.Services;

namespace ProdStock.Bench.ContractFirst;

/// <summary>
/// The request rules the host enforces from the contracts' attributes (and exports as protoc-gen-validate annotations),
/// written out by hand as a contract-first service would: the same checks, so B does no less work than A.
/// </summary>
internal static class RequestChecks
{
    private const int MaxUsers = 10_000;

    public static void Check(ProdRequest request)
    {
        if (request.ProdId <= 0)
        {
            throw Invalid("invalid ProdRequest.prod_id: value must be greater than 0");
        }

        if (!Enum.IsDefined(request.ProdArea))
        {
            throw Invalid("invalid ProdRequest.prod_area: value must be one of the defined enum values");
        }
    }

    public static void Check(QuerySize request)
    {
        if (request.Size is < 1 or > 1000)
        {
            throw Invalid("invalid QuerySize.size: value must be inside range [1, 1000]");
        }

        if (!Enum.IsDefined(request.ProdArea))
        {
            throw Invalid("invalid QuerySize.prod_area: value must be one of the defined enum values");
        }
    }

    public static void Check(UserScoreRequest request)
    {
        if (request.Users.Count > MaxUsers)
        {
            throw Invalid($"invalid UserScoreRequest.users: value must contain no more than {MaxUsers} item(s)");
        }

        for (var i = 0; i < request.Users.Count; i++)
        {
            if (request.Users[i].UserId <= 0)
            {
                throw Invalid($"invalid UserScoreRequest.users[{i}].user_id: value must be greater than 0");
            }
        }
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
