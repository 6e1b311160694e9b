using CodeFirst.AspNetCore.Errors;
using CodeFirst.AspNetCore.Gateway;
using CodeFirst.AspNetCore.Grpc;
using CodeFirst.AspNetCore.Grpc.Serialization;
using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ProtoBuf.Grpc.Configuration;
using ProtoBuf.Grpc.Server;
using ProtoBuf.Meta;

namespace CodeFirst.AspNetCore;

/// <summary>Registers the code-first toolkit's services.</summary>
public static class CodeFirstServiceCollectionExtensions
{
    /// <summary>
    /// protobuf-net.Grpc's <c>AddCodeFirstGrpc</c>, with every request message checked against the rules declared on its
    /// contract type (<c>INVALID_ARGUMENT</c> naming the field) and a failure other than an
    /// <see cref="global::Grpc.Core.RpcException"/> ending the call <c>INTERNAL</c> with an error id that the log carries
    /// (or <c>CANCELLED</c>/<c>DEADLINE_EXCEEDED</c>), never <c>UNKNOWN</c>. A request that is not valid protobuf for its
    /// message type is <c>INVALID_ARGUMENT</c>. Map services with <c>MapGrpcService&lt;T&gt;()</c> as usual; do not call
    /// <c>AddCodeFirstGrpc</c> as well.
    /// </summary>
    /// <remarks>
    /// Plugged into protobuf-net.Grpc's extension points: a <see cref="BinderConfiguration"/> whose first
    /// <see cref="MarshallerFactory"/> writes and reads the message types it covers with a codec made from the contract
    /// model (protobuf-net for the rest), and a <see cref="ServerBinder"/>, in place of protobuf-net.Grpc's own service
    /// method provider, that serves methods taking a <see cref="ProtoBuf.Grpc.CallContext"/> with handlers that validate
    /// and translate without an interceptor pipeline. Other method shapes are bound as protobuf-net.Grpc binds them, behind
    /// the same checks as server interceptors. Interceptors added through <paramref name="configure"/> run on every method.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Further gRPC options; optional.</param>
    /// <returns>The gRPC server builder.</returns>
    public static IGrpcServerBuilder AddValidatedCodeFirstGrpc(this IServiceCollection services, Action<GrpcServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<CallFailureTranslator>();
        services.TryAddSingleton<FailureTranslationInterceptor>();
        services.TryAddSingleton<ValidationInterceptor>();
        // The codec takes every message type it covers; protobuf-net (made strict) takes the rest.
        services.TryAddSingleton(BinderConfiguration.Create(
            [new CodecMarshallerFactory(new MessageCodecFactory()), new StrictProtoMarshallerFactory(RuntimeTypeModel.Default)]));
        var builder = services.AddCodeFirstGrpc(options => configure?.Invoke(options));

        // Both providers would add every contract method: ours takes the place of protobuf-net.Grpc's.
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IServiceMethodProvider<>) && services[i].ImplementationType?.DeclaringType == typeof(ServicesExtensions))
            {
                services.RemoveAt(i);
            }
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IServiceMethodProvider<>), typeof(ContractServiceMethodProvider<>)));
        return builder;
    }

    /// <summary>
    /// Registers the REST/JSON gateway; map its routes with <see cref="RestGatewayEndpointRouteBuilderExtensions.MapRestGateway"/>.
    /// The gateway calls the contract's implementation resolved from the request's services (the service itself, or any
    /// client proxy registered as the contract interface), validating every request as the gRPC interceptor does.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the gateway's options; optional (they can also be bound with <c>AddOptions&lt;RestGatewayOptions&gt;()</c>).</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddRestGateway(this IServiceCollection services, Action<RestGatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RestGatewayOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<CallFailureTranslator>();
        services.TryAddSingleton<GatewayResponder>();
        return services;
    }
}
