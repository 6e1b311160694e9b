using CodeFirst.Schema;
using CodeFirst.AspNetCore.Errors;
using CodeFirst.AspNetCore.Gateway;
using CodeFirst.AspNetCore.Grpc;
using CodeFirst.AspNetCore.Grpc.Framing;
using CodeFirst.AspNetCore.Grpc.Serialization;
using CodeFirst.AspNetCore.Reflection;
using Grpc.AspNetCore.Server;
using Grpc.Reflection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProtoBuf.Grpc.Configuration;
using ProtoBuf.Grpc.Server;
using ProtoBuf.Meta;

namespace CodeFirst.AspNetCore;

/// <summary>Registers the code-first toolkit's services.</summary>
public static class CodeFirstServiceCollectionExtensions
{
    /// <summary>
    /// protobuf-net.Grpc's <c>AddCodeFirstGrpc</c> with two server interceptors: every request message is checked against
    /// the rules declared on its contract type (<c>INVALID_ARGUMENT</c> naming the field), and a failure other than an
    /// <see cref="global::Grpc.Core.RpcException"/> ends the call <c>INTERNAL</c> with an error id that the log carries (or
    /// <c>CANCELLED</c>/<c>DEADLINE_EXCEEDED</c>), never <c>UNKNOWN</c>. A request that is not valid protobuf for its
    /// message type is <c>INVALID_ARGUMENT</c>. A message prefix declaring 2 GiB or more, or decompressing past the
    /// receive limit, is <c>RESOURCE_EXHAUSTED</c>; an invalid compressed flag or corrupt gzip/deflate data is
    /// <c>INTERNAL</c>; a message left half sent for <see cref="GrpcRequestBodyOptions.MessageIdleTimeout"/> is
    /// <c>DEADLINE_EXCEEDED</c>. Map services with <c>MapGrpcService&lt;T&gt;()</c> as usual.
    /// </summary>
    /// <remarks>
    /// Messages are marshalled through a <see cref="BinderConfiguration"/> whose first <see cref="MarshallerFactory"/>
    /// reads and writes the types it covers with a codec made from the contract model (the bytes protobuf-net writes,
    /// without its measuring pass and its allocations per list item); protobuf-net's own marshallers take the rest.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Further gRPC options; optional.</param>
    /// <returns>The gRPC server builder.</returns>
    public static IGrpcServerBuilder AddValidatedCodeFirstGrpc(this IServiceCollection services, Action<GrpcServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<CallFailureTranslator>();
        // Registered, the interceptors are resolved once per call from the container; unregistered, Grpc.AspNetCore
        // would construct both anew for every call.
        services.TryAddSingleton<FailureTranslationInterceptor>();
        services.TryAddSingleton<ValidationInterceptor>();
        services.AddOptions<GrpcRequestBodyOptions>()
            .Validate(static options => options.MessageIdleTimeout > TimeSpan.Zero || options.MessageIdleTimeout == Timeout.InfiniteTimeSpan,
                $"{nameof(GrpcRequestBodyOptions.MessageIdleTimeout)} must be positive, or infinite.")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, GrpcFrameGuardStartupFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<GrpcServiceOptions>, BoundedDecompressionSetup>());
        // The codec takes every message type it covers; protobuf-net (made strict) takes the rest.
        services.TryAddSingleton(BinderConfiguration.Create(
            [new CodecMarshallerFactory(new MessageCodecFactory()), new StrictProtoMarshallerFactory(RuntimeTypeModel.Default)]));
        return services.AddCodeFirstGrpc(options =>
        {
            options.Interceptors.Add<FailureTranslationInterceptor>();
            options.Interceptors.Add<ValidationInterceptor>();
            configure?.Invoke(options);
        });
    }

    /// <summary>
    /// Registers the REST/JSON gateway; map its routes with <see cref="RestGatewayEndpointRouteBuilderExtensions.MapRestGateway"/>.
    /// The gateway calls the contract's implementation resolved from the request's services (the service itself, or any
    /// client proxy registered as the contract interface), validating every request as the gRPC interceptor does.
    /// The options are validated when the application starts (a body size limit of 0 or less, an allowed origin that is
    /// not <c>scheme://host[:port]</c>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the gateway's options; optional (they can also be bound with <c>AddOptions&lt;RestGatewayOptions&gt;()</c>).</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddRestGateway(this IServiceCollection services, Action<RestGatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RestGatewayOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RestGatewayOptions>, RestGatewayOptionsValidation>());
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<CallFailureTranslator>();
        services.TryAddSingleton<GatewayResponder>();
        return services;
    }

    /// <summary>
    /// Registers gRPC server reflection (<c>grpc.reflection.v1.ServerReflection</c> and
    /// <c>grpc.reflection.v1alpha.ServerReflection</c>) for code-first services; map it with
    /// <see cref="ReflectionEndpointRouteBuilderExtensions.MapCodeFirstReflection"/>. Code-first services have no generated
    /// descriptors: theirs are built from the <c>.proto</c> schema the toolkit exports from the contracts, one file per
    /// protobuf package named <c>&lt;package&gt;.proto</c>, with its imports (well-known types, <c>google/api/annotations.proto</c>,
    /// <c>validate/validate.proto</c>). Reflection lists every mapped service it can describe: those of the contracts, and the
    /// services generated by Grpc.Tools (<c>grpc.health.v1.Health</c>, reflection itself). Use it instead of Grpc.AspNetCore's
    /// <c>AddGrpcReflection</c>, which only knows generated services; calling it again adds more contracts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceContracts">The <c>[ServiceContract]</c> interfaces to describe.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddCodeFirstReflection(this IServiceCollection services, IEnumerable<Type> serviceContracts) =>
        AddCodeFirstReflection(services, serviceContracts, exportOptions: null);

    /// <summary>
    /// Registers gRPC server reflection as <see cref="AddCodeFirstReflection(IServiceCollection, IEnumerable{Type})"/> does,
    /// describing the contracts with the file options (<c>go_package</c>, <c>csharp_namespace</c> …) of
    /// <paramref name="exportOptions"/>, so that the served files are the schema the application exports and checks in.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceContracts">The <c>[ServiceContract]</c> interfaces to describe.</param>
    /// <param name="exportOptions">The export options of the application's schema (the last call that gives some applies to all contracts); none when null.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddCodeFirstReflection(this IServiceCollection services, IEnumerable<Type> serviceContracts, ProtoExportOptions? exportOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(serviceContracts);
        services.AddSingleton(new ReflectedContracts([.. serviceContracts], exportOptions));
        services.TryAddSingleton<ReflectionCatalog>();
        // Grpc.Reflection 2.85.0 implements both versions (ReflectionV1ServiceImpl, grpc-dotnet #2704), over one catalog.
        // Replace, not TryAdd: an AddGrpcReflection() before this call must not keep its generated-only implementations.
        services.Replace(ServiceDescriptor.Singleton(sp =>
        {
            var catalog = sp.GetRequiredService<ReflectionCatalog>();
            return new ReflectionServiceImpl(catalog.Services, catalog.Symbols);
        }));
        services.Replace(ServiceDescriptor.Singleton(sp =>
        {
            var catalog = sp.GetRequiredService<ReflectionCatalog>();
            return new ReflectionV1ServiceImpl(catalog.Services, catalog.Symbols);
        }));
        return services;
    }
}
