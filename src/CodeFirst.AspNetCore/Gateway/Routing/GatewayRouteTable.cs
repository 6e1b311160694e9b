using System.Reflection;
using Grpc.Core;
using CodeFirst.Schema;
using CodeFirst.Model;
using CodeFirst.Http;

namespace CodeFirst.AspNetCore.Gateway.Routing;

/// <summary>The HTTP routes declared with <see cref="HttpRouteAttribute"/> on the service contracts.</summary>
internal sealed class GatewayRouteTable
{
    private GatewayRouteTable(IReadOnlyList<GatewayRoute> routes) => Routes = routes;

    public IReadOnlyList<GatewayRoute> Routes { get; }

    public static GatewayRouteTable Build(IEnumerable<Type> serviceContracts)
    {
        var routes = new List<GatewayRoute>();
        foreach (var contract in serviceContracts)
        {
            foreach (var operation in ContractReader.Read(contract))
            {
                if (operation.Route is not { } rule)
                {
                    continue;
                }

                if (operation.Kind == MethodType.DuplexStreaming)
                {
                    throw new NotSupportedException(
                        $"{operation.ServiceName}/{operation.MethodName} is duplex streaming, which HTTP/JSON cannot carry; remove its [HttpRoute].");
                }

                routes.Add(new GatewayRoute(operation, rule));
            }
        }

        var duplicate = routes.GroupBy(r => (r.Rule.Method, Pattern: r.Template.ToRoutePattern())).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new FormatException($"{duplicate.Key.Method} {duplicate.Key.Pattern} is declared by {string.Join(" and ", duplicate.Select(r => r.FullMethodName))}.");
        }

        return new GatewayRouteTable(routes);
    }
}
